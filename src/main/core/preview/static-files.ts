import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, resolve, sep } from 'node:path'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * The file under `root` that a request path names, or null. The path is decoded once, then refused if
 * any segment is `..`, starts with a dot, or holds a backslash or NUL; the resolved file must still lie
 * inside `root`. A folder path means its index.html.
 */
export function resolveStaticPath(root: string, rawPath: string): string | null {
  let path: string
  try {
    path = decodeURIComponent(rawPath)
  } catch {
    return null
  }
  if (!path.startsWith('/') || /[\\\0]/.test(path)) return null
  if (path.endsWith('/')) path += 'index.html'
  if (path.split('/').some((segment) => segment.startsWith('.'))) return null
  const base = resolve(root)
  const file = resolve(base, `.${path}`)
  return file.startsWith(base + sep) ? file : null
}

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/** Streams a static file with its type and `extraHeaders`; false when there is no such file. */
export async function sendStaticFile(
  response: ServerResponse,
  file: string,
  extraHeaders: (type: string) => Record<string, string>,
): Promise<boolean> {
  const info = await stat(file).catch(() => null)
  if (!info?.isFile()) return false
  const type = contentTypeOf(file)
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': String(info.size),
    'X-Content-Type-Options': 'nosniff',
    ...extraHeaders(type),
  })
  await new Promise<void>((done) => {
    createReadStream(file)
      .on('error', () => {
        response.destroy()
        done()
      })
      .on('end', done)
      .pipe(response)
  })
  return true
}
