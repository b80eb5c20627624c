import type { Settings } from '../../../shared/types'
import type { ConfigFile } from '../store/config-file'

/** The settings service: the reader's settings (config.json) and who is told when they change. */
export class SettingsService {
  readonly #config: ConfigFile
  readonly #listeners = new Set<(settings: Settings) => void>()

  constructor(config: ConfigFile) {
    this.#config = config
  }

  /** The settings as they are now (shared: do not change it). */
  get(): Settings {
    return this.#config.read().settings
  }

  /** Changes some settings; the patch arrives validated (api/schemas.ts). */
  async update(patch: Partial<Settings>): Promise<Settings> {
    const settings = await this.#config.update((data) => (data.settings = { ...data.settings, ...patch }))
    for (const listener of this.#listeners) listener(settings)
    return settings
  }

  /** Adds a listener for changes (the sync schedule re-arms on one); returns its removal. */
  onChange(listener: (settings: Settings) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}
