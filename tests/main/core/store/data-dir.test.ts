import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveDataDir } from '../../../../src/main/core/store/data-dir'

const home = '/home/reader'

describe('resolveDataDir', () => {
  it('uses ~/.config/Broadsheet on Linux, like Electron’s userData', () => {
    expect(resolveDataDir({ env: {}, platform: 'linux', home })).toBe(join(home, '.config', 'Broadsheet'))
  })

  it('follows XDG_CONFIG_HOME on Linux, ignoring it when empty', () => {
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'linux', home })).toBe(
      join('/xdg', 'Broadsheet'),
    )
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: '' }, platform: 'linux', home })).toBe(
      join(home, '.config', 'Broadsheet'),
    )
  })

  it('uses ~/Library/Application Support/Broadsheet on macOS', () => {
    expect(resolveDataDir({ env: {}, platform: 'darwin', home })).toBe(
      join(home, 'Library', 'Application Support', 'Broadsheet'),
    )
  })

  it('uses %APPDATA%\\Broadsheet on Windows, or its usual place when unset', () => {
    expect(resolveDataDir({ env: { APPDATA: 'C:/Users/r/AppData/Roaming' }, platform: 'win32', home })).toBe(
      join('C:/Users/r/AppData/Roaming', 'Broadsheet'),
    )
    for (const env of [{}, { APPDATA: '' }]) {
      expect(resolveDataDir({ env, platform: 'win32', home })).toBe(
        join(home, 'AppData', 'Roaming', 'Broadsheet'),
      )
    }
  })

  it('prefers BROADSHEET_DATA_DIR to the platform default', () => {
    expect(resolveDataDir({ env: { BROADSHEET_DATA_DIR: '/data/bs' }, platform: 'linux', home })).toBe(
      '/data/bs',
    )
    expect(resolveDataDir({ env: { BROADSHEET_DATA_DIR: '' }, platform: 'linux', home })).toBe(
      join(home, '.config', 'Broadsheet'),
    )
  })

  it('prefers --data-dir to everything', () => {
    const env = { BROADSHEET_DATA_DIR: '/data/bs', XDG_CONFIG_HOME: '/xdg' }
    expect(resolveDataDir({ flag: '/flag/dir', env, platform: 'linux', home })).toBe('/flag/dir')
    expect(resolveDataDir({ flag: '/flag/dir', env, platform: 'darwin', home })).toBe('/flag/dir')
  })

  it('reads process.env and the real platform when not told', () => {
    const before = process.env.BROADSHEET_DATA_DIR
    process.env.BROADSHEET_DATA_DIR = '/from/process/env'
    try {
      expect(resolveDataDir()).toBe('/from/process/env')
    } finally {
      if (before === undefined) delete process.env.BROADSHEET_DATA_DIR
      else process.env.BROADSHEET_DATA_DIR = before
    }
  })
})
