import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { STRINGS } from '../strings'
import { Dialog } from './Dialog'
import { failureText } from '../locale'

export interface FormField {
  name: string
  label: string
  hint?: string
  initial?: string
  /**
   * `url`: a web address as people type it ("example.com/blog"): a text field with the URL keyboard,
   * never the browser's URL validator, which refuses an address without its scheme. The core reads it.
   */
  type?: 'text' | 'url'
  required?: boolean
  /** Suggestions offered as the field is typed (folder paths). */
  suggestions?: string[]
  /** A choice among these instead of typing (the first is the initial one unless `initial` says). */
  options?: { value: string; label: string }[]
}

interface FormDialogProps {
  title: string
  fields: FormField[]
  /** A sentence above the fields (a confirmation's question). */
  message?: string
  submitLabel: string
  workingLabel?: string
  /** Said while the work is under way (with a progress bar), from what was typed. */
  progress?: (values: Record<string, string>) => string
  danger?: boolean
  /**
   * Rejects with a one-line message to show; resolves when done (the dialog closes). `signal` aborts when
   * the person cancels (Cancel while working, Escape, closing the dialog): the work should stop.
   */
  onSubmit: (values: Record<string, string>, signal: AbortSignal) => Promise<void>
  /** Another way through a failure (with `code`), offered beside its message ("Subscribe anyway"). */
  alternative?: {
    label: string
    code: string
    run: (values: Record<string, string>, signal: AbortSignal) => Promise<void>
  }
  onClose: () => void
}

/** A small form in a dialog: fields, an error line, and a button that shows the work is under way. */
export function FormDialog(props: FormDialogProps) {
  const { title, fields, message, submitLabel, workingLabel, progress, danger, onSubmit, onClose } = props
  const { alternative } = props
  const formId = useId()
  const [values, setValues] = useState(() =>
    Object.fromEntries(fields.map((field) => [field.name, field.initial ?? field.options?.[0]?.value ?? ''])),
  )
  const [working, setWorking] = useState(false)
  const [error, setError] = useState<{ message: string; code: string | null } | null>(null)
  const [cancelled, setCancelled] = useState(false)
  const running = useRef<AbortController | null>(null)
  const open = useRef(true)
  // Closing the dialog (Escape, the backdrop, the close button) stops what it started.
  useEffect(() => {
    open.current = true
    return () => {
      open.current = false
      running.current?.abort()
    }
  }, [])

  const start = (work: typeof onSubmit): void => {
    if (running.current) return
    const controller = new AbortController()
    running.current = controller
    setWorking(true)
    setError(null)
    setCancelled(false)
    work(values, controller.signal).then(
      () => {
        if (running.current === controller) running.current = null
        // Done, even if Cancel came too late to stop it: the dialog has nothing left to do.
        if (open.current) onClose()
      },
      (failure: Error & { code?: string }) => {
        if (running.current === controller) running.current = null
        // A cancelled request's own failure says nothing new: the form is as it was, to edit or retry.
        if (controller.signal.aborted) return
        setWorking(false)
        setError({ message: failureText(failure), code: failure.code ?? null })
      },
    )
  }

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    start(onSubmit)
  }

  /** Cancel while working stops the work and keeps what was typed; otherwise it closes the dialog. */
  const cancel = (): void => {
    if (!running.current) return onClose()
    running.current.abort()
    running.current = null
    setWorking(false)
    setCancelled(true)
  }

  return (
    <Dialog title={title} onClose={onClose}>
      <form className="form" onSubmit={submit} aria-busy={working}>
        {message && <p>{message}</p>}
        {fields.map((field, index) => (
          <label key={field.name} className="field">
            <span className="field-label">{field.label}</span>
            {field.options ? (
              <select
                name={field.name}
                value={values[field.name] ?? ''}
                onChange={(event) => setValues((now) => ({ ...now, [field.name]: event.target.value }))}
              >
                {field.options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                type="text"
                inputMode={field.type === 'url' ? 'url' : undefined}
                name={field.name}
                value={values[field.name] ?? ''}
                required={field.required}
                data-autofocus={index === 0 ? '' : undefined}
                list={field.suggestions ? `${formId}-${field.name}` : undefined}
                autoComplete="off"
                spellCheck={false}
                onChange={(event) => setValues((now) => ({ ...now, [field.name]: event.target.value }))}
              />
            )}
            {field.hint && <span className="field-hint">{field.hint}</span>}
            {field.suggestions && (
              <datalist id={`${formId}-${field.name}`}>
                {field.suggestions.map((suggestion) => (
                  <option key={suggestion} value={suggestion} />
                ))}
              </datalist>
            )}
          </label>
        ))}
        {working && progress && (
          <div className="form-progress" role="status">
            <span>{progress(values)}</span>
            <progress aria-label={progress(values)} />
          </div>
        )}
        {cancelled && (
          <p className="form-ok" role="status">
            {STRINGS.form.cancelled}
          </p>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error.message}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={cancel}>
            {STRINGS.actions.cancel}
          </button>
          {alternative && error?.code === alternative.code && !working && (
            <button type="button" className="button" onClick={() => start(alternative.run)}>
              {alternative.label}
            </button>
          )}
          <button
            type="submit"
            className={danger ? 'button button-danger' : 'button button-primary'}
            disabled={working}
            data-autofocus={fields.length === 0 ? '' : undefined}
          >
            {working ? (workingLabel ?? submitLabel) : submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
