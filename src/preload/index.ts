import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  API_CHANNEL_PREFIX,
  API_METHODS,
  EVENT_CHANNEL_PREFIX,
  isEventName,
  type ApiReply,
  type BroadsheetApi,
  type BroadsheetBridge,
  type EventName,
} from '../shared/contract'
import { languagesFromArgv } from '../shared/system-languages'

// The renderer gets intent-named functions and event subscriptions, never ipcRenderer: it can ask for
// exactly the contract's requests and hear exactly its events. This file is bundled as CommonJS with the
// contract inlined (a sandboxed preload can require nothing but electron).

function request(method: string) {
  return async (args?: unknown): Promise<unknown> => {
    const reply = (await ipcRenderer.invoke(`${API_CHANNEL_PREFIX}${method}`, args)) as ApiReply
    if (reply.ok) return reply.value
    // The code (and its parameters) let the renderer word a failure itself: see shared/failure-codes.ts.
    throw Object.assign(new Error(reply.error), { code: reply.code, params: reply.params })
  }
}

function on<E extends EventName>(event: E, listener: (payload: never) => void): () => void {
  if (typeof event !== 'string' || !isEventName(event)) throw new Error(`no such event: ${String(event)}`)
  if (typeof listener !== 'function') throw new Error('expected a listener function')
  const channel = `${EVENT_CHANNEL_PREFIX}${event}`
  // The IpcRendererEvent (with its sender) stays here: the listener gets the payload only.
  const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never)
  ipcRenderer.on(channel, forward)
  return () => {
    ipcRenderer.removeListener(channel, forward)
  }
}

const api = Object.fromEntries(
  API_METHODS.map((method) => [method, request(method)]),
) as unknown as BroadsheetApi

const bridge: BroadsheetBridge = {
  ...api,
  on: on as BroadsheetBridge['on'],
  platform: process.platform,
  // The system's preferred languages, as the shell passed them (see shared/system-languages.ts).
  languages: languagesFromArgv(process.argv),
}

contextBridge.exposeInMainWorld('broadsheet', bridge)
