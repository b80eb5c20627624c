import { useId, useState, type FormEvent } from 'react'
import { STRINGS } from '../strings'
import { Dialog } from './Dialog'

export interface FormField {
  name: string
  label: string
  hint?: string
  initial?: string
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
  danger?: boolean
  /** Rejects with a one-line message to show; resolves when done (the dialog closes). */
  onSubmit: (values: Record<string, string>) => Promise<void>
  onClose: () => void
}

/** A small form in a dialog: fields, an error line, and a button that shows the work is under way. */
export function FormDialog(props: FormDialogProps) {
  const { title, fields, message, submitLabel, workingLabel, danger, onSubmit, onClose } = props
  const formId = useId()
  const [values, setValues] = useState(() =>
    Object.fromEntries(fields.map((field) => [field.name, field.initial ?? field.options?.[0]?.value ?? ''])),
  )
  const [working, setWorking] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (working) return
    setWorking(true)
    setError(null)
    onSubmit(values).then(
      () => onClose(),
      (failure: Error) => {
        setWorking(false)
        setError(failure.message)
      },
    )
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
                type={field.type ?? 'text'}
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
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {STRINGS.actions.cancel}
          </button>
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
