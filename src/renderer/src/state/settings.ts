import type { Settings } from '../../../shared/types'
import { api } from '../api-client'
import { applyLanguage, defaultLanguages } from '../locale'
import { applyAppearance } from '../theme'
import { createStore, type Readable } from './store'

/**
 * The settings (null until they come), and the theme, typography and language they ask for applied to the
 * page.
 */
export interface SettingsStore {
  state: Readable<Settings | null>
  /** Loads them and keeps the page's appearance following them (and the system); returns how to stop. */
  start(): () => void
  update(patch: Partial<Settings>): Promise<Settings>
  /**
   * Draws the page with these settings (the Settings dialog's draft, as it is edited) without saving
   * them; null goes back to the saved ones.
   */
  preview(draft: Settings | null): void
}

const DARK_QUERY = '(prefers-color-scheme: dark)'

function systemTheme(): MediaQueryList | null {
  return typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : null
}

export function createSettings(): SettingsStore {
  const state = createStore<Settings | null>(null)
  const previewing = createStore<Settings | null>(null)
  return {
    state,
    start() {
      let live = true
      // Unknown settings (the core did not answer) leave the startup appearance and Settings disabled.
      api.getSettings().then(
        (settings) => live && state.set(settings),
        () => undefined,
      )
      let unfollow = (): void => undefined
      const apply = (): void => {
        unfollow()
        const settings = previewing.get() ?? state.get()
        // The interface's language, before the settings come too (then "system": the preferred ones).
        applyLanguage(settings?.language, api.languages ?? defaultLanguages())
        if (!settings) return
        const media = systemTheme()
        applyAppearance(settings, media?.matches ?? false)
        if (settings.theme !== 'system' || !media) return
        const follow = (): void => applyAppearance(settings, media.matches)
        media.addEventListener('change', follow)
        unfollow = () => media.removeEventListener('change', follow)
      }
      apply()
      const stop = state.subscribe(apply)
      const stopPreview = previewing.subscribe(apply)
      return () => {
        live = false
        stop()
        stopPreview()
        unfollow()
      }
    },
    async update(patch) {
      const next = await api.updateSettings(patch)
      state.set(next)
      return next
    },
    preview: (draft) => previewing.set(draft),
  }
}
