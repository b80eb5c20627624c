import { useEffect, useRef, useState, type FormEvent } from 'react'
import {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportOutcome,
  type ExportSourceArgs,
} from '../../../shared/contract'
import { api, downloadFile } from '../api-client'
import { newRequestId } from '../request-id'
import { STRINGS } from '../strings'
import { Dialog } from './Dialog'

type Done = Extract<ExportOutcome, { status: 'done' }>

interface ExportDialogProps {
  source: ExportSourceArgs
  /** What is exported, as the list or the article names it. */
  title: string
  onClose: () => void
  /** The export is written (and, in the browser, downloaded): the dialog has closed. */
  onDone: (outcome: Done) => void
}

/**
 * Export…: the format (and how it keeps highlights and notes), how many articles it will hold, then a
 * progress bar with Cancel while the core writes it. Where it goes is the app's save dialog's to ask (in
 * the browser, it downloads). A failure is one line, and the dialog stays as it was to try again.
 */
export function ExportDialog({ source, title, onClose, onDone }: ExportDialogProps) {
  const [format, setFormat] = useState<ExportFormat>('epub')
  const [count, setCount] = useState<number | null>(null)
  const [working, setWorking] = useState(false)
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [cancelled, setCancelled] = useState(false)
  const running = useRef<string | null>(null)

  useEffect(() => {
    let live = true
    api.exportPreview({ source, format: 'epub' }).then(
      (preview) => live && setCount(preview.articles),
      (failure: Error) => live && setError(failure.message),
    )
    return () => {
      live = false
    }
  }, [source])

  useEffect(() => {
    const stop = api.on('exportProgress', (event) => {
      if (event.requestId === running.current) setProgress({ done: event.done, total: event.total })
    })
    // Closing the dialog (Escape, the backdrop) stops an export it started.
    return () => {
      stop()
      if (running.current) void api.cancelRequest({ requestId: running.current }).catch(() => undefined)
    }
  }, [])

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (running.current) return
    const requestId = newRequestId()
    running.current = requestId
    setWorking(true)
    setError(null)
    setCancelled(false)
    setProgress(null)
    const settled = (): boolean => {
      // Cancel came first: whatever the request says now is news to nobody.
      if (running.current !== requestId) return false
      running.current = null
      return true
    }
    api
      .exportArticles({ source, format, requestId })
      .then(async (outcome) => {
        if (outcome.status === 'done' && outcome.download)
          await downloadFile(outcome.download, outcome.fileName)
        return outcome
      })
      .then(
        (outcome) => {
          if (!settled()) return
          setWorking(false)
          // A closed save dialog: nothing done, the choice stays to try again.
          if (outcome.status === 'cancelled') return
          onClose()
          onDone(outcome)
        },
        (failure: Error) => {
          if (!settled()) return
          setWorking(false)
          setError(failure.message)
        },
      )
  }

  const cancel = (): void => {
    const requestId = running.current
    if (!requestId) return onClose()
    running.current = null
    void api.cancelRequest({ requestId }).catch(() => undefined)
    setWorking(false)
    setProgress(null)
    setCancelled(true)
  }

  const empty = count === 0
  return (
    <Dialog title={STRINGS.exporting.title(title)} onClose={onClose}>
      <form className="form" onSubmit={submit} aria-busy={working}>
        <fieldset disabled={working}>
          <legend>{STRINGS.exporting.format}</legend>
          {EXPORT_FORMATS.map((option) => (
            <label key={option} className="export-format">
              <input
                type="radio"
                name="format"
                value={option}
                checked={format === option}
                data-autofocus={format === option ? '' : undefined}
                onChange={() => setFormat(option)}
              />
              <span>{STRINGS.exporting.formats[option]}</span>
            </label>
          ))}
          <span className="field-hint">{STRINGS.exporting.keeps[format]}</span>
        </fieldset>
        <p className="export-count" role="status">
          {count === null
            ? error
              ? ''
              : STRINGS.exporting.counting
            : empty
              ? STRINGS.exporting.nothing
              : STRINGS.exporting.count(count)}
        </p>
        {working && (
          <div className="form-progress" role="status">
            <span>
              {progress
                ? STRINGS.exporting.progress(progress.done, progress.total)
                : STRINGS.exporting.working}
            </span>
            <progress
              aria-label={STRINGS.exporting.working}
              {...(progress ? { value: progress.done, max: progress.total } : {})}
            />
          </div>
        )}
        {cancelled && (
          <p className="form-ok" role="status">
            {STRINGS.form.cancelled}
          </p>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={cancel}>
            {STRINGS.actions.cancel}
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={working || empty || (count === null && !error)}
          >
            {working ? STRINGS.exporting.working : STRINGS.exporting.submit}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
