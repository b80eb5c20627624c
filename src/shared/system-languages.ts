/**
 * How the shell hands the operating system's preferred languages to the window: a command-line switch
 * on the renderer process (webPreferences.additionalArguments), which the preload reads into the
 * bridge's `languages`. Only well-formed language tags pass, either way.
 */
const SWITCH = '--broadsheet-languages='
const TAG = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i

function tags(values: readonly string[]): string[] {
  return values
    .map((value) => value.trim().replace(/_/g, '-'))
    .filter((value) => TAG.test(value))
    .slice(0, 20)
}

/** The switch for these languages ("--broadsheet-languages=ko-KR,en-US"). */
export function languagesSwitch(languages: readonly string[]): string {
  return `${SWITCH}${tags(languages).join(',')}`
}

/** The languages a process's arguments carry (none when the switch is missing). */
export function languagesFromArgv(argv: readonly string[]): string[] {
  const arg = argv.find((value) => value.startsWith(SWITCH))
  return arg ? tags(arg.slice(SWITCH.length).split(',')) : []
}
