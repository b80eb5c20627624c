import { describe, expect, it } from 'vitest'
import { startServices } from '../../src/main/core/broadsheet'
import { settingValue } from '../../src/cli/settings-commands'
import { DEFAULT_SETTINGS } from '../../src/shared/types'
import { cliIn, expectOk, expectOneLineError } from '../helpers/run-cli'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs('cli-settings')

describe('broadsheet settings', () => {
  it('lists every setting with its value and default, as a table or JSON', async () => {
    const cli = cliIn(await tempDir())
    const run = await cli('settings')
    expectOk(run)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^SETTING\s+VALUE\s+DEFAULT$/)
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(Object.keys(DEFAULT_SETTINGS))
    expect(lines).toContain(lines.find((line) => /^retentionDays\s+90\s+90$/.test(line)))
    const json = await cli('settings', 'list', '--json')
    expectOk(json)
    expect(JSON.parse(json.stdout)).toEqual(DEFAULT_SETTINGS)
  })

  it('sets one, as the app would keep it: numbers, true or false, and words', async () => {
    const dir = await tempDir()
    const cli = cliIn(dir)
    let run = await cli('settings', 'set', 'retentionDays', '3650')
    expectOk(run)
    expect(run.stdout).toBe('retentionDays: 90 → 3650\n')
    expect((await cli('settings', 'set', 'markReadOnOpen', 'off')).stdout).toBe(
      'markReadOnOpen: true → false\n',
    )
    expect((await cli('settings', 'set', 'fullTextMode', 'always')).stdout).toBe(
      'fullTextMode: auto → always\n',
    )
    run = await cli('settings', '--json')
    expect(JSON.parse(run.stdout)).toEqual({
      ...DEFAULT_SETTINGS,
      retentionDays: 3650,
      markReadOnOpen: false,
      fullTextMode: 'always',
    })
    const core = await startServices({ dataDir: dir })
    expect(core.settings.get()).toMatchObject({
      retentionDays: 3650,
      markReadOnOpen: false,
      fullTextMode: 'always',
    })
    await core.close()
  })

  it('refuses an unknown name or a value the setting cannot take, in one line, and changes nothing', async () => {
    const dir = await tempDir()
    const cli = cliIn(dir)
    expectOneLineError(
      await cli('settings', 'set', 'retention', '5'),
      2,
      "'retention' is invalid for argument 'name'. Allowed choices are syncIntervalMinutes, retentionDays",
    )
    expectOneLineError(
      await cli('settings', 'set', 'retentionDays', '0'),
      2,
      'retentionDays cannot be "0": Too small',
    )
    expectOneLineError(
      await cli('settings', 'set', 'retentionDays', 'forever'),
      2,
      'retentionDays cannot be "forever"',
    )
    expectOneLineError(await cli('settings', 'set', 'fullTextMode', 'sometimes'), 2, 'fullTextMode cannot be')
    expectOneLineError(await cli('settings', 'set', 'notifications', 'maybe'), 2, 'notifications cannot be')
    expectOneLineError(await cli('settings', 'set', 'retentionDays'), 2, "missing required argument 'value'")
    expect(JSON.parse((await cli('settings', '--json')).stdout)).toEqual(DEFAULT_SETTINGS)
  })

  it('reads a value by the setting’s kind', () => {
    expect(settingValue('syncIntervalMinutes', ' 15 ')).toEqual({ value: 15 })
    expect(settingValue('notifications', 'YES')).toEqual({ value: true })
    expect(settingValue('theme', 'dark')).toEqual({ value: 'dark' })
    expect(settingValue('fontSize', '')).toHaveProperty('problem')
    expect(settingValue('syncIntervalMinutes', '1.5')).toHaveProperty('problem')
  })
})
