import { homedir } from 'node:os'
import { join } from 'node:path'

/** The folder name Electron gives `app.getPath('userData')` for this app (package.json productName). */
export const APP_DIR_NAME = 'Broadsheet'

interface DataDirInputs {
  /** `--data-dir DIR` from the command line. */
  flag?: string | undefined
  env?: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
  home?: string
}

/**
 * Where Broadsheet keeps its data: `--data-dir`, else `BROADSHEET_DATA_DIR`, else the platform's
 * per-user application data folder — the same folder Electron uses as the app's userData, so the app
 * and the CLI share one library.
 */
export function resolveDataDir(inputs: DataDirInputs = {}): string {
  const env = inputs.env ?? process.env
  if (inputs.flag) return inputs.flag
  if (env.BROADSHEET_DATA_DIR) return env.BROADSHEET_DATA_DIR
  const home = inputs.home ?? homedir()
  // An empty variable counts as unset (as Chromium reads XDG_CONFIG_HOME): `join('', name)` is relative.
  switch (inputs.platform ?? process.platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_DIR_NAME)
    case 'win32':
      return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_DIR_NAME)
    default:
      return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_DIR_NAME)
  }
}
