import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createApiHandlers } from '../main/core/api/handlers'
import type { Broadsheet } from '../main/core/broadsheet'
import { UserError } from '../main/core/errors'
import { PreviewDownloads } from '../main/core/preview/downloads'
import { startPreviewServer } from '../main/core/preview/server'
import type { CliIO } from './output'

/** The port `broadsheet serve` listens on unless told otherwise. */
export const DEFAULT_PREVIEW_PORT = 4780

export interface ServeOptions {
  /** 0 picks a free port. */
  port?: number
  /** The built renderer; found next to the CLI's build by default. */
  rendererDir?: string
}

/** Ends every `serve` running in this process, as Ctrl+C would (tests run the CLI in-process). */
const stops = new Set<() => void>()

export function stopServing(): void {
  for (const stop of stops) stop()
}

/**
 * `serve [--port N]`: the reader in a browser, over the same contract as the app, on 127.0.0.1 only.
 * Prints the URL to open (the run's token included) and runs until SIGINT or SIGTERM. Syncs run when the
 * page asks (no timer: the preview is for working on the UI, not for reading in the background).
 */
export async function serveCommand(core: Broadsheet, io: CliIO, options: ServeOptions = {}): Promise<void> {
  const rendererDir = options.rendererDir ?? findRendererDir()
  if (!rendererDir) throw new UserError('the reader UI is not built yet; run `npm run build` first')
  const downloads = new PreviewDownloads()
  const handlers = createApiHandlers(core, { exportTarget: downloads })
  const port = options.port ?? DEFAULT_PREVIEW_PORT
  const preview = await startPreviewServer({
    handlers,
    events: core.events,
    blobs: core.blobs,
    rendererDir,
    port,
    downloads,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE')
      throw new UserError(`port ${port} is in use; choose another with --port N (0 picks a free one)`)
    throw error
  })
  io.stdout(`Broadsheet preview: ${preview.url}\n`)
  io.stdout('Open it in a browser; press Ctrl+C to stop.\n')
  await new Promise<void>((resolve) => {
    // Ctrl-C or SIGTERM (processIO turns them into `interrupted`), or stopServing() in tests.
    const stop = (): void => {
      io.interrupted?.removeEventListener('abort', stop)
      stops.delete(stop)
      resolve()
    }
    if (io.interrupted?.aborted) return stop()
    io.interrupted?.addEventListener('abort', stop, { once: true })
    stops.add(stop)
  })
  await core.close()
  await preview.close()
}

/** out/renderer, looked for upwards from this file (out/main when built, src/cli under tests). */
function findRendererDir(): string | null {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'renderer'), join(dir, 'out', 'renderer')]) {
      if (existsSync(join(candidate, 'index.html')) && existsSync(join(candidate, 'assets'))) return candidate
    }
    if (dirname(dir) === dir) return null
  }
}
