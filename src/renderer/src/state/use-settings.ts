import { useCallback, useEffect, useState } from 'react'
import type { Settings } from '../../../shared/types'
import { api } from '../api-client'
import { applyAppearance } from '../theme'

export interface SettingsState {
  settings: Settings | null
  error: string | null
  update: (patch: Partial<Settings>) => Promise<Settings>
}

const DARK_QUERY = '(prefers-color-scheme: dark)'

function prefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches
}

/** The settings, and the theme and typography they ask for applied to the page (following the system). */
export function useSettings(): SettingsState {
  const [settings, setSettings] = useState<Settings | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    api.getSettings().then(setSettings, (failure: Error) => setError(failure.message))
  }, [])

  useEffect(() => {
    if (!settings) return
    applyAppearance(settings, prefersDark())
    if (settings.theme !== 'system' || typeof window.matchMedia !== 'function') return
    const media = window.matchMedia(DARK_QUERY)
    const follow = (): void => applyAppearance(settings, media.matches)
    media.addEventListener('change', follow)
    return () => media.removeEventListener('change', follow)
  }, [settings])

  const update = useCallback(async (patch: Partial<Settings>) => {
    const next = await api.updateSettings(patch)
    setSettings(next)
    return next
  }, [])

  return { settings, error, update }
}
