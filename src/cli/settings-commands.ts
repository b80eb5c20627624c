import { Argument, type Command } from 'commander'
import type { Broadsheet } from '../main/core/broadsheet'
import { settingsSchema } from '../main/core/store/config-schema'
import { DEFAULT_SETTINGS, type Settings } from '../shared/types'
import { EXIT_USAGE } from './exit-codes'
import { type CliIO, printJson, printTable, terminalSafe } from './output'

type Run = (action: (core: Broadsheet) => Promise<void>) => Promise<void>
type SettingName = keyof Settings

const NAMES = Object.keys(DEFAULT_SETTINGS) as SettingName[]
const TRUE_WORDS = new Set(['true', 'yes', 'on'])
const FALSE_WORDS = new Set(['false', 'no', 'off'])

/**
 * A value typed for a setting, as the setting holds it (a number, true or false, or a word), checked by
 * the settings' own schema; or why it cannot be.
 */
export function settingValue(
  name: SettingName,
  typed: string,
): { value: Settings[SettingName] } | { problem: string } {
  const kind = typeof DEFAULT_SETTINGS[name]
  const word = typed.trim()
  let value: unknown = word
  if (kind === 'number') value = word === '' ? Number.NaN : Number(word)
  else if (kind === 'boolean')
    value = TRUE_WORDS.has(word.toLowerCase()) ? true : FALSE_WORDS.has(word.toLowerCase()) ? false : word
  const checked = settingsSchema.shape[name].safeParse(value)
  if (checked.success) return { value: checked.data as Settings[SettingName] }
  const reason = checked.error.issues[0]?.message ?? 'not a value it can take'
  return { problem: `${name} cannot be ${JSON.stringify(typed)}: ${reason.replace(/^Invalid input: /, '')}` }
}

const shown = (value: unknown): string => String(value)

/** `settings` and `settings set NAME VALUE`: the library's settings, as the app's Settings shows them. */
export function addSettingsCommands(program: Command, io: CliIO, run: Run): void {
  const settings = program
    .command('settings')
    .description(
      'the library’s settings (sync, retention, full text, images, reading): list them, or set one',
    )
  settings
    .command('list', { isDefault: true })
    .description('every setting, its value and its default')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      run(async (core) => {
        const now = core.settings.get()
        if (options.json) return printJson(io, now)
        printTable(
          io,
          ['SETTING', 'VALUE', 'DEFAULT'],
          NAMES.map((name) => [name, shown(now[name]), shown(DEFAULT_SETTINGS[name])]),
        )
      }),
    )
  settings
    .command('set')
    .description('change one setting')
    .addArgument(new Argument('<name>').choices(NAMES))
    .argument('<value>', 'a number, true or false, or one of the words the setting takes')
    .action((name: SettingName, typed: string, _options: unknown, command: Command) => {
      const parsed = settingValue(name, typed)
      if ('problem' in parsed) command.error(parsed.problem, { exitCode: EXIT_USAGE })
      return run(async (core) => {
        const before = core.settings.get()[name]
        const after = (await core.settings.update({ [name]: parsed.value }))[name]
        io.stdout(terminalSafe(`${name}: ${shown(before)} → ${shown(after)}\n`))
      })
    })
}
