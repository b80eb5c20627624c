import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServices } from '../../../../src/main/core/broadsheet'
import { PROJECT_VERSION } from '../../../../src/main/core/store/config-schema'
import { DEFAULT_SETTINGS } from '../../../../src/shared/types'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('migrate')

/** config.json as a build from before the settings, feed fields and migrations of today wrote it. */
const OLD_CONFIG = {
  settings: { syncIntervalMinutes: 5, theme: 'dark' },
  feeds: [{ id: 'f1', url: 'https://old.test/feed', title: 'Old feed' }],
  folders: [{ id: 'd1', title: 'Kept', parentId: null }],
}

describe('config.json from an older version', () => {
  it('gets the settings and feed fields it lacks, keeping what the user set', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'config.json'), JSON.stringify(OLD_CONFIG))

    const core = await startServices({ dataDir: dir })
    expect(core.damage).toEqual([])
    expect(core.settings.get()).toEqual({ ...DEFAULT_SETTINGS, syncIntervalMinutes: 5, theme: 'dark' })
    expect(core.subscriptions.feeds()).toEqual([
      expect.objectContaining({
        id: 'f1',
        url: 'https://old.test/feed',
        title: 'Old feed',
        siteUrl: null,
        folderId: null,
        lastFetched: null,
        lastError: null,
        dead: false,
        settings: {},
      }),
    ])
    expect(core.subscriptions.folders()).toEqual(
      OLD_CONFIG.folders.map((folder) => ({ ...folder, path: folder.title })),
    )

    const onDisk = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'))
    expect(onDisk.__internal__.migrations.version).toBe(PROJECT_VERSION)
    expect(Object.keys(onDisk.settings).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort())
  })

  it('migrates from an older recorded version too, and a second open changes nothing', async () => {
    const dir = await tempDir()
    const file = join(dir, 'config.json')
    await writeFile(
      file,
      JSON.stringify({ ...OLD_CONFIG, __internal__: { migrations: { version: '0.0.1' } } }),
    )
    const first = await startServices({ dataDir: dir })
    expect(first.settings.get().retentionDays).toBe(DEFAULT_SETTINGS.retentionDays)
    const migrated = await readFile(file, 'utf8')

    const second = await startServices({ dataDir: dir })
    expect(await readFile(file, 'utf8')).toBe(migrated)
    expect(second.settings.get()).toEqual(first.settings.get())
  })

  it('starts a new data dir with the default settings and empty lists', async () => {
    const core = await startServices({ dataDir: join(await tempDir(), 'new', 'nested') })
    expect(core.settings.get()).toEqual(DEFAULT_SETTINGS)
    expect(core.subscriptions.feeds()).toEqual([])
    expect(core.subscriptions.folders()).toEqual([])
    expect(core.flags.readIds()).toEqual(new Set())
  })

  it('keeps a changed setting across opens', async () => {
    const dir = await tempDir()
    await (await startServices({ dataDir: dir })).settings.update({ fontSize: 22 })
    expect((await startServices({ dataDir: dir })).settings.get().fontSize).toBe(22)
  })
})
