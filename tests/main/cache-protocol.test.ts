import { createHash } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { cacheHashOf, cacheUrl } from '../../src/shared/types'
import { handleCacheProtocol, registerCacheScheme } from '../../src/main/cache-protocol'
import { BlobStore } from '../../src/main/core/store/blob-store'
import { useTempDirs } from '../helpers/temp-dir'
import { protocol, resetElectronMock } from './electron-mock'

vi.mock('electron', () => import('./electron-mock'))

const tempDir = useTempDirs('cache-protocol')
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7])
const svg = new TextEncoder().encode(
  '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
)

beforeEach(() => resetElectronMock())

async function served(): Promise<{
  fetch: (url: string) => Promise<Response>
  blobs: BlobStore
  dir: string
}> {
  const dir = await tempDir()
  const blobs = new BlobStore(dir)
  handleCacheProtocol(blobs)
  const handler = protocol.handlers.get('broadsheet-cache')!
  return { fetch: (url) => handler(new Request(url)), blobs, dir }
}

describe('the broadsheet-cache protocol', () => {
  it('is registered as a privileged standard scheme before the app is ready', () => {
    registerCacheScheme()
    expect(protocol.privileged).toEqual([
      { scheme: 'broadsheet-cache', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ])
  })

  it('serves a cached image with its content type', async () => {
    const { fetch, blobs } = await served()
    const hash = await blobs.put(png, 'image/png', 'https://news.test/a.png')
    // Chromium hands a standard scheme's URL over with a trailing slash.
    for (const url of [cacheUrl(hash), `${cacheUrl(hash)}/`]) {
      const response = await fetch(url)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('image/png')
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(png)
    }
  })

  it('serves SVG with a CSP that forbids scripts', async () => {
    const { fetch, blobs } = await served()
    const hash = await blobs.put(svg, 'image/svg+xml')
    const response = await fetch(cacheUrl(hash))
    expect(response.headers.get('content-type')).toBe('image/svg+xml')
    expect(response.headers.get('content-security-policy')).toMatch(
      /default-src 'none'; style-src 'unsafe-inline'/,
    )
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('does not serve a stored type that is not an image as itself', async () => {
    const { fetch, blobs } = await served()
    const hash = await blobs.put(new TextEncoder().encode('<script>alert(1)</script>'), 'text/html')
    const response = await fetch(cacheUrl(hash))
    expect(response.headers.get('content-type')).toBe('application/octet-stream')
  })

  it('answers 404 for unknown hashes and refuses every path, never reading outside the store', async () => {
    const { fetch, blobs, dir } = await served()
    const hash = await blobs.put(png, 'image/png')
    // Files a traversal would reach if the URL were used as a path.
    await writeFile(join(dir, 'secret.txt'), 'secret')
    const unknown = createHash('sha256').update('nothing').digest('hex')
    for (const url of [
      cacheUrl(unknown),
      'broadsheet-cache://../secret.txt',
      'broadsheet-cache://x/../../secret.txt',
      `broadsheet-cache://${hash}/../../secret.txt`,
      'broadsheet-cache://%2e%2e%2fsecret.txt',
      `broadsheet-cache://${hash.slice(0, 2)}/${hash}`,
      `broadsheet-cache://${hash}.json`,
      `broadsheet-cache://${hash.toUpperCase()}x`,
      `broadsheet-cache://${hash}?x=1`,
      'broadsheet-cache://',
    ]) {
      const response = await fetch(url)
      expect(response.status, url).toBe(404)
      expect(await response.text(), url).not.toContain('secret')
    }
  })

  it('takes only the exact hash shape from a URL', () => {
    const hash = 'ab'.repeat(32)
    expect(cacheHashOf(`broadsheet-cache://${hash}`)).toBe(hash)
    expect(cacheHashOf(`broadsheet-cache://${hash}/`)).toBe(hash)
    expect(cacheHashOf(`broadsheet-cache://${hash}/x`)).toBeNull()
    expect(cacheHashOf(`https://${hash}`)).toBeNull()
    expect(cacheHashOf(`broadsheet-cache://${hash.slice(1)}`)).toBeNull()
  })
})
