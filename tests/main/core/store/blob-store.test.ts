import { createHash } from 'node:crypto'
import { readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BlobStore, isBlobHash } from '../../../../src/main/core/store/blob-store'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('blobs')
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('BlobStore', () => {
  it('stores the same bytes once, under their sha256', async () => {
    const dir = await tempDir()
    const blobs = new BlobStore(dir)
    const first = await blobs.put(png, 'image/png', 'https://a.test/x.png')
    const second = await blobs.put(Uint8Array.from(png), 'image/png', 'https://b.test/same.png')
    expect(first).toBe(sha256(png))
    expect(second).toBe(first)
    expect(await readdir(join(dir, 'blobs', first.slice(0, 2)))).toEqual([first, `${first}.json`])
    expect(await blobs.list()).toEqual([{ hash: first, size: png.byteLength }])
    expect((await blobs.info(first))?.sourceUrl).toBe('https://a.test/x.png')
  })

  it('gives back the bytes with their type', async () => {
    const blobs = new BlobStore(await tempDir())
    const hash = await blobs.put(png, 'image/png')
    const other = await blobs.put(new TextEncoder().encode('<svg/>'), 'image/svg+xml')
    expect(other).not.toBe(hash)
    const got = await blobs.get(hash)
    expect(new Uint8Array(got!.bytes)).toEqual(png)
    expect(got?.info).toMatchObject({ contentType: 'image/png', size: png.byteLength, sourceUrl: null })
    expect((await blobs.get(other))?.info.contentType).toBe('image/svg+xml')
  })

  it('names nothing with a malformed hash', async () => {
    const dir = await tempDir()
    const blobs = new BlobStore(dir)
    const hash = await blobs.put(png, 'image/png')
    // A file where a path escape would land if the hash were used as a path.
    await writeFile(join(dir, 'secret'), 'do not serve')
    const bad = [
      '../../etc/passwd',
      '../secret',
      hash.toUpperCase(),
      hash.slice(0, 63),
      `${hash}0`,
      `${hash.slice(0, 2)}/../../secret`,
      '%2e%2e%2fsecret',
      '',
    ]
    for (const value of bad) {
      expect(isBlobHash(value)).toBe(false)
      expect(await blobs.get(value)).toBeNull()
      expect(await blobs.has(value)).toBe(false)
      expect(await blobs.info(value)).toBeNull()
      await blobs.delete(value)
    }
    expect(await blobs.has(hash)).toBe(true)
    expect(isBlobHash(hash)).toBe(true)
  })

  it('deletes bytes and info together', async () => {
    const blobs = new BlobStore(await tempDir())
    const hash = await blobs.put(png, 'image/png')
    await blobs.delete(hash)
    expect(await blobs.get(hash)).toBeNull()
    expect(await blobs.list()).toEqual([])
  })

  it('treats bytes without their info (a crash between the two writes) as not stored, and mends it', async () => {
    const dir = await tempDir()
    const blobs = new BlobStore(dir)
    const hash = await blobs.put(png, 'image/png')
    await rm(join(dir, 'blobs', hash.slice(0, 2), `${hash}.json`))
    expect(await blobs.has(hash)).toBe(false)
    expect(await blobs.get(hash)).toBeNull()
    expect(await blobs.put(png, 'image/png')).toBe(hash)
    expect(await blobs.has(hash)).toBe(true)
  })

  it('returns null, not an error, when the info is there but the bytes are not', async () => {
    const dir = await tempDir()
    const blobs = new BlobStore(dir)
    const hash = await blobs.put(png, 'image/png')
    await rm(join(dir, 'blobs', hash.slice(0, 2), hash))
    expect(await blobs.get(hash)).toBeNull()
  })
})
