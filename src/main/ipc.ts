import { ipcMain, type BrowserWindow, type WebFrameMain } from 'electron'
import {
  API_CHANNEL_PREFIX,
  API_METHODS,
  EVENT_CHANNEL_PREFIX,
  type ApiReply,
  type BroadsheetApi,
} from '../shared/contract'
import { callApi } from './core/api/dispatch'
import { describeFailure } from './core/errors'
import type { EventHub } from './core/events'

/**
 * One `ipcMain.handle` per contract method (`api:<method>`). Each call is answered only for a trusted
 * sender (the app's own top frame), and its argument is validated before core sees it. Failures come back
 * as `{ok: false, error}` values: a bad argument is an error for the caller, never a crash in main.
 * Returns the removal of every handler.
 */
export function registerApiHandlers(
  handlers: BroadsheetApi,
  isTrusted: (frame: WebFrameMain | null) => boolean,
): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(`${API_CHANNEL_PREFIX}${method}`, async (event, input: unknown): Promise<ApiReply> => {
      if (!isTrusted(event.senderFrame)) {
        console.warn(`broadsheet: refused ${method} from ${event.senderFrame?.url ?? 'a destroyed frame'}`)
        return { ok: false, error: 'refused: the request did not come from Broadsheet’s own page' }
      }
      try {
        return { ok: true, value: await callApi(handlers, method, input) }
      } catch (error) {
        const failure = describeFailure(error)
        if (!failure.expected) console.error(`broadsheet: ${method} failed:`, error)
        return { ok: false, error: failure.message, ...(failure.code ? { code: failure.code } : {}) }
      }
    })
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(`${API_CHANNEL_PREFIX}${method}`)
  }
}

/** Sends every core event to every open window (`event:<name>`); returns the unsubscription. */
export function forwardEvents(events: EventHub, windows: () => BrowserWindow[]): () => void {
  return events.subscribe((event) => {
    for (const window of windows()) {
      if (!window.isDestroyed())
        window.webContents.send(`${EVENT_CHANNEL_PREFIX}${event.name}`, event.payload)
    }
  })
}
