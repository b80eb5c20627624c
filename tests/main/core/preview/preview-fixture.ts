import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { BroadsheetApi } from '../../../../src/shared/contract'
import { createApiHandlers } from '../../../../src/main/core/api/handlers'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { PreviewDownloads } from '../../../../src/main/core/preview/downloads'
import { startPreviewServer, type PreviewServer } from '../../../../src/main/core/preview/server'
import { makeTempDir, removeTempDir } from '../../../helpers/temp-dir'

/** A raw answer: the path is sent exactly as given (no URL normalisation folding `..`). */
export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

export interface PreviewFixture {
  core: Broadsheet
  /** The contract's implementation the preview serves (the same one the app registers over IPC). */
  handlers: BroadsheetApi
  events: Broadsheet['events']
  preview: PreviewServer
  rendererDir: string
  /** Where the preview writes exports until they are downloaded. */
  downloadRoot: string
  /** `Authorization: Bearer <token>` and a JSON content type. */
  auth: Record<string, string>
  raw(
    path: string,
    options?: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<RawResponse>
  /** POST /api/<method> with the token; the parsed JSON answer. */
  call(method: string, args?: unknown): Promise<{ status: number; body: unknown }>
}

const cleanups: (() => Promise<void>)[] = []

/** Call at the top of a test file: closes every preview and removes its dirs after each test. */
export function usePreviews(): () => Promise<PreviewFixture> {
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()))
  })
  return startPreviewFixture
}

async function startPreviewFixture(): Promise<PreviewFixture> {
  const dataDir = await makeTempDir('preview-data')
  // The UI in a folder whose parent holds a file: what a path traversal out of the UI would reach.
  const uiParent = await makeTempDir('preview-ui')
  const rendererDir = join(uiParent, 'ui')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await writeFile(join(uiParent, 'outside.txt'), 'outside the renderer')
  await writeFile(
    join(rendererDir, 'index.html'),
    '<!doctype html><title>Broadsheet</title><div id="root"></div>',
  )
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log("ui")')
  await writeFile(join(rendererDir, 'assets', 'app.css'), 'body{}')
  await writeFile(join(rendererDir, '.env'), 'SECRET=1')
  const core = await startServices({ dataDir })
  // Exports waiting to be downloaded, in a folder of the test's own (to see that they are removed).
  const downloadRoot = await makeTempDir('preview-downloads')
  const downloads = new PreviewDownloads(downloadRoot)
  const handlers = createApiHandlers(core, { exportTarget: downloads })
  const preview = await startPreviewServer({
    handlers,
    events: core.events,
    blobs: core.blobs,
    rendererDir,
    port: 0,
    downloads,
  })
  cleanups.push(async () => {
    await core.close()
    await preview.close()
    await Promise.all([removeTempDir(dataDir), removeTempDir(uiParent), removeTempDir(downloadRoot)])
  })
  const auth = { Authorization: `Bearer ${preview.token}`, 'Content-Type': 'application/json' }
  const raw: PreviewFixture['raw'] = (path, options = {}) =>
    new Promise((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port: preview.port,
          path,
          method: options.method ?? 'GET',
          headers: options.headers,
        },
        (response) => {
          let body = ''
          response.setEncoding('utf8')
          response.on('data', (chunk: string) => (body += chunk))
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
          )
        },
      )
      request.on('error', reject)
      request.end(options.body)
    })
  const call: PreviewFixture['call'] = async (method, args) => {
    const response = await fetch(`${preview.origin}/api/${method}`, {
      method: 'POST',
      headers: auth,
      body: args === undefined ? '' : JSON.stringify(args),
    })
    return { status: response.status, body: await response.json() }
  }
  return { core, handlers, events: core.events, preview, rendererDir, auth, raw, call, downloadRoot }
}
