import { join } from 'node:path'
import { app, BrowserWindow } from 'electron'
import ElectronStore from 'electron-store'
import { Broadsheet } from './core/broadsheet'
import type { ConfFactory } from './core/conf-file'

/** electron-store over the same options, so the app and the CLI read and write one file format. */
const electronStoreFactory: ConfFactory = (options) =>
  new ElectronStore({ ...options, name: options.configName })

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'Broadsheet',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    },
  })
  window.once('ready-to-show', () => window.show())
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void window.loadFile(join(import.meta.dirname, '../renderer/index.html'))
  return window
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  await app.whenReady()
  await Broadsheet.open({ dataDir: app.getPath('userData'), confFactory: electronStoreFactory })
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}

void main()
