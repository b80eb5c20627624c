import { execFileSync } from 'node:child_process'
import { closeSync, openSync, rmSync, writeSync } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startServices } from '../../../../src/main/core/broadsheet'
import { DiskFullError } from '../../../../src/main/core/store/atomic-write'
import { runCliProcess, startNewsWorld, type CliExit, type NewsWorld } from '../../../helpers/cli-process'
import { makeArticles } from '../../../helpers/make-articles'
import { auditDataDir, changedFiles, lostSince, type DataDirAudit } from '../../../helpers/data-dir-audit'
import { cliIn, expectOk, expectOneLineError, type CliRun } from '../../../helpers/run-cli'
import { makeTempDir, removeTempDir, useTempDirs } from '../../../helpers/temp-dir'

/**
 * A disk that can fill up: every file write of this process (FileHandle#writeFile for writeFileAtomic,
 * fs.writeSync for conf's atomic writes, fs.copyFileSync for backups, fs.writeFileSync) draws on a budget
 * of bytes and of write calls; a write that does not fit writes what fits, then fails with ENOSPC, as a
 * real full disk does. Installed before anything is imported: conf's writer keeps the fs.writeSync it
 * finds when it loads.
 */
const disk = await vi.hoisted(async () => {
  const fs = (await import('node:fs')).default
  const { syncBuiltinESMExports } = await import('node:module')
  let bytesLeft = Number.POSITIVE_INFINITY
  let writesLeft = Number.POSITIVE_INFINITY
  let refused = 0
  /** Async writes wait this long times their number since `fill`: a slow disk, writes finishing in turn. */
  let slowMs = 0
  let started = 0
  /** How many of `n` bytes fit; a write call that finds no calls left fits none. */
  const take = (n: number): number => {
    if (writesLeft <= 0) return 0
    writesLeft -= 1
    const fit = Math.max(0, Math.min(n, bytesLeft))
    bytesLeft -= fit
    return fit
  }
  const noSpace = (syscall: string): NodeJS.ErrnoException => {
    refused += 1
    return Object.assign(new Error(`ENOSPC: no space left on device, ${syscall}`), {
      code: 'ENOSPC',
      errno: -28,
      syscall,
    })
  }
  const toBytes = (data: string | NodeJS.ArrayBufferView, encoding: BufferEncoding = 'utf8'): Buffer =>
    typeof data === 'string'
      ? Buffer.from(data, encoding)
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength)

  const probe = await fs.promises.open(process.execPath, 'r')
  const handles = Object.getPrototypeOf(probe) as FileHandle
  await probe.close()
  const handleWriteFile = handles.writeFile
  handles.writeFile = async function (this: FileHandle, data, options) {
    if (slowMs > 0) await new Promise((resolve) => setTimeout(resolve, slowMs * ++started))
    const bytes = toBytes(data as string | NodeJS.ArrayBufferView)
    const fit = take(bytes.length)
    if (fit < bytes.length) {
      await handleWriteFile.call(this, bytes.subarray(0, fit))
      throw noSpace('write')
    }
    return handleWriteFile.call(this, data, options)
  } as FileHandle['writeFile']

  const writeSync = fs.writeSync
  fs.writeSync = function (fd: number, data: string | NodeJS.ArrayBufferView, ...rest: unknown[]): number {
    const position = typeof rest[0] === 'number' ? rest[0] : null
    const bytes =
      typeof data === 'string'
        ? toBytes(data, (rest[1] as BufferEncoding | undefined) ?? 'utf8')
        : toBytes(data).subarray(
            (rest[0] as number | undefined) ?? 0,
            ((rest[0] as number | undefined) ?? 0) + ((rest[1] as number | undefined) ?? data.byteLength),
          )
    const fit = take(bytes.length)
    if (fit < bytes.length) {
      if (fit > 0) writeSync(fd, bytes, 0, fit, typeof data === 'string' ? position : (rest[2] as number))
      throw noSpace('write')
    }
    return (writeSync as (...args: unknown[]) => number)(fd, data, ...rest)
  } as typeof fs.writeSync

  const writeFileSync = fs.writeFileSync
  fs.writeFileSync = function (file, data, options) {
    const bytes = toBytes(data as string | NodeJS.ArrayBufferView)
    const fit = take(bytes.length)
    if (fit < bytes.length) {
      writeFileSync(file, bytes.subarray(0, fit))
      throw noSpace('write')
    }
    writeFileSync(file, data, options)
  } as typeof fs.writeFileSync

  const copyFileSync = fs.copyFileSync
  fs.copyFileSync = function (from, to, mode) {
    const size = fs.statSync(from).size
    const fit = take(size)
    copyFileSync(from, to, mode)
    if (fit < size) {
      fs.truncateSync(to, fit)
      throw noSpace('copyfile')
    }
  } as typeof fs.copyFileSync

  // Modules that import these by name (`import { copyFileSync } from 'node:fs'`) see the wrappers too.
  syncBuiltinESMExports()
  return {
    /** From now on only this much fits: bytes, and (optionally) write calls. */
    fill(left: { bytes?: number; writes?: number; slowMs?: number }): void {
      bytesLeft = left.bytes ?? Number.POSITIVE_INFINITY
      writesLeft = left.writes ?? Number.POSITIVE_INFINITY
      slowMs = left.slowMs ?? 0
      started = 0
      refused = 0
    },
    /** Space again; returns how many writes were refused meanwhile. */
    free(): number {
      bytesLeft = Number.POSITIVE_INFINITY
      writesLeft = Number.POSITIVE_INFINITY
      slowMs = 0
      return refused
    },
  }
})

/** What DiskFullError says; the CLI prints it as its one line of stderr. */
const DISK_FULL_TEXT = String.raw`the disk is full \(no space left on device\): could not save \S+`
const DISK_FULL_MESSAGE = new RegExp(`^${DISK_FULL_TEXT}`)
const DISK_FULL = new RegExp(`^broadsheet: ${DISK_FULL_TEXT}`)

const tempDir = useTempDirs('disk-full')
let world: NewsWorld

beforeAll(async () => {
  world = await startNewsWorld({ feeds: 6, stories: 2, seed: 7, latencyMs: [0, 3] })
})
afterAll(async () => {
  await world?.close()
})
beforeEach(() => {
  disk.free()
})

function opmlOf(urls: string[]): string {
  const outlines = urls.map((url, n) => `<outline type="rss" text="Extra ${n}" xmlUrl="${url}"/>`).join('\n')
  return `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>${outlines}</body></opml>`
}

/** A library of the six feeds, synced, with a read and a bookmarked article. */
async function seeded(): Promise<{ dir: string; cli: ReturnType<typeof cliIn>; ids: string[] }> {
  const dir = await tempDir()
  const cli = cliIn(dir)
  const opml = join(await tempDir(), 'feeds.opml')
  await writeFile(opml, opmlOf(world.feedUrls))
  expectOk(await cli('import-opml', opml))
  expectOk(await cli('sync', '--json'))
  const ids = (
    JSON.parse((await cli('articles', '--json', '--limit', '500')).stdout) as { id: string }[]
  ).map((article) => article.id)
  expectOk(await cli('read', ids[0] as string))
  expectOk(await cli('bookmark', ids[1] as string))
  return { dir, cli, ids }
}

/** Every file as it was (no new or changed file, no temp file), and the library opens without damage. */
async function expectUntouched(dir: string, before: DataDirAudit): Promise<DataDirAudit> {
  const after = auditDataDir(dir)
  expect(after.problems).toEqual([])
  expect(after.tempFiles).toEqual([])
  expect(changedFiles(before, after)).toEqual([])
  expect([...after.files.keys()]).toEqual([...before.files.keys()])
  const core = await startServices({ dataDir: dir })
  expect(core.damage).toEqual([])
  return after
}

function expectDiskFullSync(run: CliRun | CliExit): void {
  expect(run.code, run.stderr).toBe(1)
  const lines = run.stderr.split('\n').filter(Boolean)
  expect(lines, run.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(DISK_FULL)
}

describe('a full disk (ENOSPC from every file write of this process)', () => {
  it('makes a sync say so in one line and leaves every stored file as it was', async () => {
    const { dir, cli } = await seeded()
    world.advance()
    const before = auditDataDir(dir)
    disk.fill({ bytes: 0 })
    const run = await cli('sync')
    expect(disk.free()).toBeGreaterThan(0)
    expectDiskFullSync(run)
    // Each feed that had new stories says why they were not stored.
    expect(run.stdout).toMatch(/error: could not store its articles: the disk is full/)
    await expectUntouched(dir, before)
    // With space again, the same sync stores what it could not.
    expectOk(await cli('sync', '--json'))
    expect(auditDataDir(dir).catalogIds.length).toBeGreaterThan(before.catalogIds.length)
  })

  it('makes a flag change fail in one line, the flags kept as they were', async () => {
    const { dir, cli, ids } = await seeded()
    const before = auditDataDir(dir)
    disk.fill({ bytes: 0 })
    const runs = [await cli('read', ids[2] as string), await cli('bookmark', ids[3] as string)]
    disk.free()
    for (const run of runs) expectOneLineError(run, 1, DISK_FULL)
    // A mark is a line appended to flags.log: the file it could not save.
    expect(runs[0]?.stderr).toContain('flags.log')
    const after = await expectUntouched(dir, before)
    expect(after.read).toEqual(new Set([ids[0]]))
    expect(after.bookmarked).toEqual(new Set([ids[1]]))
  })

  it('leaves the running app showing the flags it had when a flag change fails', async () => {
    const { dir, ids } = await seeded()
    const core = await startServices({ dataDir: dir })
    const [read, bookmarked, other] = ids as [string, string, string]
    const article = await core.articles.open(other)
    const counts = new Map(core.flags.readCounts())
    disk.fill({ bytes: 0 })
    const failed = [
      await core.flags.setRead([other], true).catch((error: unknown) => error),
      await core.flags.setBookmarked(other, true).catch((error: unknown) => error),
      await core.flags.setRead([read], false).catch((error: unknown) => error),
    ]
    disk.free()
    for (const error of failed) expect(error).toBeInstanceOf(DiskFullError)
    expect(core.flags.of(article)).toMatchObject({ read: false, bookmarked: false })
    expect(core.flags.readIds()).toEqual(new Set([read]))
    expect(core.flags.bookmarkedIds()).toEqual(new Set([bookmarked]))
    expect(core.flags.readCounts()).toEqual(counts)
    // With space again, the same change lands in the file and in what the app shows.
    await core.flags.setRead([other], true)
    expect(core.flags.of(article).read).toBe(true)
    expect(auditDataDir(dir).read).toEqual(new Set([read, other]))
  })

  it('makes a settings change fail with a one-line message, the settings kept', async () => {
    const { dir } = await seeded()
    const before = auditDataDir(dir)
    const core = await startServices({ dataDir: dir })
    disk.fill({ bytes: 0 })
    const failed = await core.settings
      .update({ theme: 'dark', fontSize: 22 })
      .catch((error: unknown) => error)
    disk.free()
    expect(failed).toBeInstanceOf(DiskFullError)
    expect((failed as Error).message).toMatch(
      /^the disk is full \(no space left on device\): could not save \S+config\.json/,
    )
    expect((failed as Error).message).not.toContain('\n')
    expect(core.settings.get().theme).toBe('system')
    await expectUntouched(dir, before)
  })

  it('makes an OPML import fail in one line with no feed half added', async () => {
    const { dir, cli } = await seeded()
    const opml = join(await tempDir(), 'more.opml')
    await writeFile(opml, opmlOf(['https://one.test/feed', 'https://two.test/feed']))
    const before = auditDataDir(dir)
    disk.fill({ bytes: 0 })
    const run = await cli('import-opml', opml)
    disk.free()
    expectOneLineError(run, 1, DISK_FULL)
    expect(run.stderr).toContain('config.json')
    const after = await expectUntouched(dir, before)
    expect(after.feeds.map((feed) => feed.url)).toEqual(world.feedUrls)
  })

  it('loses nothing when the disk fills in the middle of a sync, and the next sync completes it', async () => {
    const { dir, cli } = await seeded()
    world.advance()
    const before = auditDataDir(dir)
    // Room for a few article and image files, not for the catalog, index and feed state after them.
    disk.fill({ bytes: 4_000 })
    const run = await cli('sync')
    disk.free()
    expectDiskFullSync(run)
    const after = auditDataDir(dir)
    expect(after.problems).toEqual([])
    expect(after.tempFiles).toEqual([])
    expect(lostSince(before, after)).toEqual([])
    expect(after.files.size).toBeGreaterThan(before.files.size)
    expect((await startServices({ dataDir: dir })).damage).toEqual([])

    expectOk(await cli('sync', '--json'))
    const core = await startServices({ dataDir: dir })
    await core.search.repair()
    await core.close()
    const done = auditDataDir(dir)
    expect(done.problems).toEqual([])
    expect([...done.articles.keys()].sort()).toEqual([...done.catalogIds].sort())
    expect([...(done.indexIds ?? [])].sort()).toEqual([...done.catalogIds].sort())
    expect(done.catalogIds.length).toBe(before.catalogIds.length + 6)
    expect(core.damage).toEqual([])
  })

  it('makes a failed put stop every write it started before it gives up the write lock', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    const articles = makeArticles(40, { feedId: 'feed-a' })
    // The first article fits; the second fails while the next 14 are still being written.
    disk.fill({ writes: 1, slowMs: 15 })
    const failed = await core.articles.put(articles).catch((error: unknown) => error)
    const atFailure = auditDataDir(dir)
    await new Promise((resolve) => setTimeout(resolve, 200))
    disk.free()
    expect(failed).toBeInstanceOf(DiskFullError)
    // Nothing half written is left, and nothing is written once put has failed (and released the lock).
    expect(atFailure.tempFiles).toEqual([])
    expect(auditDataDir(dir).files).toEqual(atFailure.files)
    expect((await startServices({ dataDir: dir })).damage).toEqual([])
  })

  it('leaves no cut-short backup behind, and the library still opens and lists on the full disk', async () => {
    const { dir, cli, ids } = await seeded()
    const before = auditDataDir(dir)
    expectOk(await cli('bookmark', ids[4] as string))
    // flags.json written whole (as once flags.log outgrows it) fits; the backup copy after it does not.
    const core = await startServices({ dataDir: dir })
    disk.fill({ writes: 1 })
    await core.flags.compact()
    expect(disk.free()).toBe(1)
    const after = auditDataDir(dir)
    expect(after.problems).toEqual([])
    expect(after.tempFiles).toEqual([])
    expect(after.bookmarked).toEqual(new Set([ids[1], ids[4]]))
    expect(after.files.get(join('backups', 'flags.json'))).toBe(
      before.files.get(join('backups', 'flags.json')),
    )

    // The backup is now older than flags.json: opening tries to refresh it, and must not fail for want of space.
    disk.fill({ bytes: 0 })
    const listed = await cli('articles', '--json', '--limit', '500')
    disk.free()
    expectOk(listed)
    expect(JSON.parse(listed.stdout)).toHaveLength(ids.length)
    expect(auditDataDir(dir).tempFiles).toEqual([])
  })
})

/** Mounts a small tmpfs at `at`; the reason it cannot, when this machine does not allow it. */
function mountTmpfs(at: string, size: string): string | null {
  if (process.platform !== 'linux') return `tmpfs is Linux only (this is ${process.platform})`
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root'
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', at], { stdio: 'pipe' })
    return null
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim()
    return `mount -t tmpfs failed: ${stderr || (error as Error).message}`
  }
}

/** Writes zeros until not one more byte fits. */
function fillUp(file: string): number {
  const fd = openSync(file, 'w')
  let written = 0
  try {
    for (const chunk of [1 << 20, 1 << 16, 4096, 512, 64, 1]) {
      const zeros = Buffer.alloc(chunk)
      for (;;) {
        try {
          written += writeSync(fd, zeros)
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
          break
        }
      }
    }
  } finally {
    closeSync(fd)
  }
  return written
}

describe('a real full disk (a small tmpfs, separate CLI processes)', () => {
  it('makes sync, flag changes, OPML import and settings fail clearly, and keeps every file', async (ctx) => {
    const mountPoint = await makeTempDir('tmpfs')
    const cannot = mountTmpfs(mountPoint, '8m')
    if (cannot) {
      await removeTempDir(mountPoint)
      console.warn(`the real-disk ENOSPC case did not run: ${cannot} (the injected cases above did)`)
      ctx.skip(cannot)
    }
    try {
      const dir = join(mountPoint, 'library')
      const cli = cliIn(dir)
      const opml = `${mountPoint}.opml`
      const more = `${mountPoint}-more.opml`
      await writeFile(opml, opmlOf(world.feedUrls))
      await writeFile(more, opmlOf(['https://three.test/feed']))
      expectOk(await cli('import-opml', opml))
      expectOk(await cli('sync', '--json'))
      const ids = (JSON.parse((await cli('articles', '--json')).stdout) as { id: string }[]).map((a) => a.id)
      expectOk(await cli('read', ids[0] as string))
      world.advance()
      const filler = join(mountPoint, 'filler')
      expect(fillUp(filler)).toBeGreaterThan(0)
      let before = auditDataDir(dir)

      const sync = await runCliProcess(dir, ['sync'])
      expectDiskFullSync(sync)
      await expectUntouched(dir, before)
      // A mark is one short line appended to flags.log: it fits in the block the log already has.
      const read = await runCliProcess(dir, ['read', ids[1] as string])
      expect(read.code, read.stderr).toBe(0)
      before = auditDataDir(dir)
      expect(before.read).toEqual(new Set([ids[0], ids[1]]))
      const imported = await runCliProcess(dir, ['import-opml', more])
      expectOneLineError({ ...imported, code: imported.code ?? -1 }, 1, DISK_FULL)
      const core = await startServices({ dataDir: dir })
      await expect(core.settings.update({ theme: 'dark' })).rejects.toThrow(DISK_FULL_MESSAGE)
      const after = await expectUntouched(dir, before)
      expect(after.read).toEqual(new Set([ids[0], ids[1]]))

      rmSync(filler)
      expectOk(await cli('sync', '--json'))
      const synced = auditDataDir(dir)
      expect(synced.problems).toEqual([])
      expect(synced.catalogIds.length).toBe(before.catalogIds.length + 6)
      console.info(
        `real full disk: sync, read, import-opml and a settings change each failed with a one-line disk-full ` +
          `message; ${before.files.size} files unchanged`,
      )
    } finally {
      execFileSync('umount', ['-l', mountPoint])
      await removeTempDir(mountPoint)
      rmSync(`${mountPoint}.opml`, { force: true })
      rmSync(`${mountPoint}-more.opml`, { force: true })
    }
  }, 60_000)
})
