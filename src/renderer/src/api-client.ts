import {
  API_METHODS,
  type BroadsheetApi,
  type BroadsheetBridge,
  type BroadsheetEvents,
  type EventName,
} from '../../shared/contract'
import { previewImagePath } from '../../shared/preview'
import { CACHE_SCHEME, cacheUrl } from '../../shared/types'
import { followEventStream } from './event-stream'
import { previewImageKey, takePreviewToken } from './preview-session'

/**
 * The renderer's only way to the core, and the only code that knows how it gets there: the preload's
 * `window.broadsheet` in the app, or HTTP and server-sent events (read over fetch) in the browser
 * preview (`broadsheet serve`), same-origin, each request carrying the run's token in its Authorization
 * header (see preview-session.ts for where the page keeps it, and why not in a cookie).
 */

export type Transport = 'ipc' | 'http'

export const transport: Transport = window.broadsheet ? 'ipc' : 'http'

const previewToken = transport === 'http' ? takePreviewToken() : null
const authorization: Record<string, string> = previewToken ? { Authorization: `Bearer ${previewToken}` } : {}
let imageKey: string | null = null

/**
 * Settles once every URL this module hands out can be built: in the preview, image addresses need the
 * run's image key, which the page derives from the token asynchronously (Web Crypto has no synchronous
 * digest). The UI starts after it.
 */
export const clientReady: Promise<void> = previewToken
  ? previewImageKey(previewToken).then(
      (key) => void (imageKey = key),
      (error: unknown) => console.error('broadsheet preview: cannot derive the image key:', error),
    )
  : Promise.resolve()

export const api: BroadsheetBridge = window.broadsheet ?? httpBridge()

/** The URL a cached image loads from on this transport (in a preview without its token, none loads). */
export function cacheImageUrl(hash: string): string {
  return transport === 'ipc' ? cacheUrl(hash) : previewImagePath(imageKey ?? 'no-token', hash)
}

const CACHE_URL_IN_HTML = new RegExp(`${CACHE_SCHEME}://([0-9a-f]{64})`, 'g')

/** Article HTML with its cached images pointing where this transport serves them. */
export function withCacheUrls(html: string): string {
  return transport === 'ipc'
    ? html
    : html.replace(CACHE_URL_IN_HTML, (_match, hash: string) => cacheImageUrl(hash))
}

type AnyListener = (payload: unknown) => void

function httpBridge(): BroadsheetBridge {
  const methods = Object.fromEntries(
    API_METHODS.map((method) => [method, (args?: unknown) => post(method, args)]),
  ) as unknown as BroadsheetApi
  const listeners = new Map<EventName, Set<AnyListener>>()
  let following = false
  const dispatch = (event: EventName, payload: unknown): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload)
  }
  // The browser knows when it is offline; the app learns it in main.
  window.addEventListener('online', () => dispatch('online', { online: true }))
  window.addEventListener('offline', () => dispatch('online', { online: false }))

  function on<E extends EventName>(event: E, listener: (payload: BroadsheetEvents[E]) => void): () => void {
    if (!following) {
      following = true
      // A refused stream stops for good (the promise says so): the API's own answers then say why.
      void followEventStream({
        url: '/events',
        headers: authorization,
        onEvent: ({ name, data }) => dispatch(name as EventName, JSON.parse(data)),
      })
    }
    let set = listeners.get(event)
    if (!set) listeners.set(event, (set = new Set()))
    set.add(listener as AnyListener)
    return () => {
      set.delete(listener as AnyListener)
    }
  }
  return { ...methods, on, platform: 'browser', languages: navigator.languages }
}

async function post(method: string, args: unknown): Promise<unknown> {
  const response = await fetch(`/api/${method}`, {
    method: 'POST',
    // The token goes in the header; the preview neither sets nor reads a cookie.
    credentials: 'omit',
    headers: { 'Content-Type': 'application/json', ...authorization },
    body: args === undefined ? '' : JSON.stringify(args),
  })
  const body = (await response.json().catch(() => null)) as {
    error?: string
    code?: string
    params?: Record<string, string | number>
  } | null
  if (!response.ok) {
    // As the preload does: the code (and its parameters) let the UI word the failure itself.
    throw Object.assign(new Error(body?.error ?? `the preview answered ${response.status}`), {
      code: body?.code,
      params: body?.params,
    })
  }
  return body ?? undefined
}

/**
 * Saves a file the preview offers for download (an export), with the run's token: fetched, then handed
 * to the browser as a download under its name. Only the preview has downloads; the app saves in place.
 */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  const response = await fetch(path, { credentials: 'omit', headers: authorization })
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null
    throw new Error(body?.error ?? `the preview answered ${response.status}`)
  }
  const url = URL.createObjectURL(await response.blob())
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // After the browser has taken it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
