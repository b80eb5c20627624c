import { useEffect, useState, type FormEvent, type ReactNode } from 'react'
import type { FullTextMode, Settings, Theme } from '../../../shared/types'
import type { AccountView } from '../../../shared/contract'
import { LANGUAGES, type LanguageSetting } from '../../../shared/i18n'
import { exportOpmlFile, pickAndImportOpml } from '../opml-files'
import { STRINGS } from '../strings'
import { AccountsSection } from './AccountsSection'
import { RulesSection } from './RulesSection'
import { Dialog } from './Dialog'
import { failureText } from '../locale'

interface SettingsDialogProps {
  settings: Settings
  /** The library's server accounts. */
  accounts: readonly AccountView[]
  onSave: (patch: Partial<Settings>) => Promise<unknown>
  /** Draws the reader with the draft as it is edited (null: with the saved settings again). */
  onPreview?: (draft: Settings | null) => void
  /** After an import added feeds, or an account came or went. */
  onImported: () => void
  /** After an account was added: a sync starts, which brings its subscriptions. */
  onAccountAdded: () => void
  onClose: () => void
}

type NumberKey = 'syncIntervalMinutes' | 'retentionDays' | 'retentionMaxPerFeed' | 'fontSize' | 'lineWidth'

const RANGES: Record<NumberKey, [number, number]> = {
  syncIntervalMinutes: [1, 1440],
  retentionDays: [1, 36500],
  retentionMaxPerFeed: [0, 100000],
  fontSize: [10, 40],
  lineWidth: [30, 140],
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field field-row">
      <span className="field-label">{label}</span>
      {children}
    </label>
  )
}

/** Whether the draft differs from the saved settings (a number field being typed counts). */
function changed(draft: Settings, saved: Settings): boolean {
  return (Object.keys(draft) as (keyof Settings)[]).some((key) => !Object.is(draft[key], saved[key]))
}

/** The draft as the page can draw it: a size being typed (empty, out of range) keeps the saved one. */
function previewable(draft: Settings, saved: Settings): Settings {
  const inRange = (key: 'fontSize' | 'lineWidth'): number => {
    const value = draft[key]
    const [min, max] = RANGES[key]
    return Number.isInteger(value) && value >= min && value <= max ? value : saved[key]
  }
  return { ...draft, fontSize: inRange('fontSize'), lineWidth: inRange('lineWidth') }
}

/**
 * Reading, syncing and subscription settings, with OPML import and export. The theme and typography
 * are drawn as they are chosen; Save keeps them and closes; closing with changes unsaved asks first.
 */
export function SettingsDialog(props: SettingsDialogProps) {
  const { settings, accounts, onSave, onPreview, onImported, onAccountAdded, onClose } = props
  const [draft, setDraft] = useState<Settings>(settings)
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)
  const [working, setWorking] = useState(false)
  const [confirming, setConfirming] = useState(false)
  useEffect(() => onPreview?.(previewable(draft, settings)), [draft, settings, onPreview])
  // Closed (saved or not): the page is drawn with the saved settings again.
  useEffect(() => () => onPreview?.(null), [onPreview])
  const requestClose = (): void => (changed(draft, settings) ? setConfirming(true) : onClose())
  const set = <K extends keyof Settings>(key: K, value: Settings[K]): void =>
    setDraft((now) => ({ ...now, [key]: value }))

  const number = (key: NumberKey, label: string) => (
    <Field label={label}>
      <input
        type="number"
        min={RANGES[key][0]}
        max={RANGES[key][1]}
        step={1}
        required
        value={Number.isNaN(draft[key]) ? '' : draft[key]}
        onChange={(event) => set(key, event.target.valueAsNumber)}
      />
    </Field>
  )

  const save = (event: FormEvent): void => {
    event.preventDefault()
    setWorking(true)
    onSave(draft).then(
      () => {
        setWorking(false)
        onClose()
      },
      (failure: Error) => {
        setWorking(false)
        setMessage({ text: STRINGS.settings.failed(failureText(failure)), error: true })
      },
    )
  }

  const run = (work: () => Promise<string | null>): void => {
    work().then(
      (text) => text && setMessage({ text, error: false }),
      (failure: Error) => setMessage({ text: STRINGS.settings.failed(failureText(failure)), error: true }),
    )
  }
  const importOpml = (): void =>
    run(async () => {
      const result = await pickAndImportOpml()
      if (!result) return null
      onImported()
      return STRINGS.settings.imported(result.added.length, result.skipped.length)
    })
  const exportOpml = (): void =>
    run(async () => {
      await exportOpmlFile()
      return STRINGS.settings.exported
    })

  return (
    <Dialog title={STRINGS.settings.title} onClose={requestClose} wide>
      <form className="form settings" onSubmit={save}>
        <fieldset>
          <legend>{STRINGS.settings.reading}</legend>
          <Field label={STRINGS.settings.theme}>
            <select
              value={draft.theme}
              onChange={(event) => set('theme', event.target.value as Theme)}
              data-autofocus=""
            >
              {(['system', 'light', 'dark'] as const).map((theme) => (
                <option key={theme} value={theme}>
                  {STRINGS.settings.themes[theme]}
                </option>
              ))}
            </select>
          </Field>
          <Field label={STRINGS.settings.language}>
            <select
              value={draft.language}
              onChange={(event) => set('language', event.target.value as LanguageSetting)}
            >
              <option value="system">{STRINGS.settings.languageSystem}</option>
              {LANGUAGES.map((language) => (
                // Each language by its own name, as every app lists them: a reader finds theirs.
                <option key={language.tag} value={language.tag} lang={language.tag}>
                  {language.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={STRINGS.settings.fontFamily}>
            <select
              value={draft.fontFamily}
              onChange={(event) => set('fontFamily', event.target.value as 'serif' | 'sans')}
            >
              <option value="serif">{STRINGS.settings.fonts.serif}</option>
              <option value="sans">{STRINGS.settings.fonts.sans}</option>
            </select>
          </Field>
          {number('fontSize', STRINGS.settings.fontSize)}
          {number('lineWidth', STRINGS.settings.lineWidth)}
          <label className="field field-check">
            <input
              type="checkbox"
              checked={draft.markReadOnOpen}
              onChange={(event) => set('markReadOnOpen', event.target.checked)}
            />
            {STRINGS.settings.markReadOnOpen}
          </label>
        </fieldset>
        <fieldset>
          <legend>{STRINGS.settings.syncing}</legend>
          {number('syncIntervalMinutes', STRINGS.settings.syncInterval)}
          {number('retentionDays', STRINGS.settings.retentionDays)}
          {number('retentionMaxPerFeed', STRINGS.settings.retentionMaxPerFeed)}
          <Field label={STRINGS.settings.fullTextMode}>
            <select
              value={draft.fullTextMode}
              onChange={(event) => set('fullTextMode', event.target.value as FullTextMode)}
            >
              {(['auto', 'always', 'never'] as const).map((mode) => (
                <option key={mode} value={mode}>
                  {STRINGS.settings.fullTextModes[mode]}
                </option>
              ))}
            </select>
          </Field>
          <label className="field field-check">
            <input
              type="checkbox"
              checked={draft.notifications}
              onChange={(event) => set('notifications', event.target.checked)}
            />
            {STRINGS.settings.notifications}
          </label>
        </fieldset>
        <fieldset>
          <legend>{STRINGS.settings.subscriptions}</legend>
          <div className="form-actions form-actions-start">
            <button type="button" className="button" onClick={importOpml}>
              {STRINGS.settings.importOpml}
            </button>
            <button type="button" className="button" onClick={exportOpml}>
              {STRINGS.settings.exportOpml}
            </button>
          </div>
        </fieldset>
        <AccountsSection accounts={accounts} onChanged={onImported} onAdded={onAccountAdded} />
        <RulesSection />
        {message && (
          <p className={message.error ? 'form-error' : 'form-ok'} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={requestClose}>
            {STRINGS.actions.close}
          </button>
          <button type="submit" className="button button-primary" disabled={working}>
            {STRINGS.actions.save}
          </button>
        </div>
      </form>
      {confirming && (
        <Dialog title={STRINGS.settingsDiscard.title} onClose={() => setConfirming(false)}>
          <p>{STRINGS.settingsDiscard.message}</p>
          <div className="form-actions">
            <button type="button" className="button" data-autofocus="" onClick={() => setConfirming(false)}>
              {STRINGS.settingsDiscard.keep}
            </button>
            <button type="button" className="button button-danger" onClick={onClose}>
              {STRINGS.settingsDiscard.discard}
            </button>
          </div>
        </Dialog>
      )}
    </Dialog>
  )
}
