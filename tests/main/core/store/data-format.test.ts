import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServices } from '../../../../src/main/core/broadsheet'
import { DATA_FORMAT } from '../../../../src/main/core/store/data-format'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('data-format')
const formatOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'format.json'), 'utf8')) as unknown

describe("the data dir's format", () => {
  it('is written at first open, and a data dir from before it is brought to it', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    expect(formatOf(dir)).toEqual({ format: DATA_FORMAT })
    await core.close()
    writeFileSync(join(dir, 'format.json'), JSON.stringify({ format: 1 }))
    await (await startServices({ dataDir: dir })).close()
    expect(formatOf(dir)).toEqual({ format: DATA_FORMAT })
  })

  it('newer than this version: the data dir is refused in one line and nothing in it is touched', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    await core.close()
    writeFileSync(join(dir, 'format.json'), JSON.stringify({ format: DATA_FORMAT + 1 }))
    // A file this version would take for damage: it must stay where it is, as it is.
    writeFileSync(join(dir, 'flags.json'), '{"read": {"feed": 42}, "bookmarked": []}')
    const before = readdirSync(dir).sort()
    const failure = await startServices({ dataDir: dir }).then(
      () => null,
      (error: unknown) => error as Error,
    )
    expect(failure?.message).toMatch(
      /written by a newer Broadsheet \(data format \d+; this version reads up to \d+\)/,
    )
    expect(failure?.message).not.toContain('\n')
    expect(readdirSync(dir).sort()).toEqual(before)
    expect(existsSync(join(dir, 'quarantine'))).toBe(false)
    expect(readFileSync(join(dir, 'flags.json'), 'utf8')).toContain('42')
  })

  it('damaged: set aside, reported and written again', async () => {
    const dir = await tempDir()
    writeFileSync(join(dir, 'format.json'), '{"form')
    const core = await startServices({ dataDir: dir })
    expect(formatOf(dir)).toEqual({ format: DATA_FORMAT })
    expect(core.damage.map((notice) => notice.file)).toContain(join(dir, 'format.json'))
    await core.close()
  })
})
