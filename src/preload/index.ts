import { contextBridge } from 'electron'

// The typed contract arrives with the desktop shell; until then the renderer learns only the platform.
contextBridge.exposeInMainWorld('broadsheet', { platform: process.platform })
