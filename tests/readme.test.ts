import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { COMMANDS, type CommandInfo } from '../src/shared/commands'

const readme = readFileSync('README.md', 'utf8')
const keys = readme.slice(readme.indexOf('Everything has a key'), readme.indexOf('## The CLI'))

/** "CmdOrCtrl+F" as the README writes it. */
function written(key: string): string {
  return key.replace('CmdOrCtrl+', 'Ctrl+')
}

describe('the README', () => {
  it('lists every keyboard shortcut of the command registry', () => {
    for (const command of COMMANDS as readonly CommandInfo[]) {
      for (const key of [command.key, command.altKey]) {
        if (key) expect(keys, `${command.id}: ${key}`).toContain(`\`${written(key)}\``)
      }
    }
  })
})
