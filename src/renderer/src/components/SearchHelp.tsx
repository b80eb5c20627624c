import { useEffect, useId, useRef, useState } from 'react'
import { STRINGS } from '../strings'

/**
 * The "?" beside the search field: the query language in a small popover (words, phrases, exclusions,
 * prefixes, fields, is:, feed:, folder:, after:/before:), with examples. Escape or a click elsewhere
 * closes it; focus goes back to the button.
 */
export function SearchHelp() {
  const [open, setOpen] = useState(false)
  const id = useId()
  const button = useRef<HTMLButtonElement>(null)
  const panel = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!open) return
    const onPointer = (event: MouseEvent): void => {
      const target = event.target as Node
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false)
    }
    document.addEventListener('mousedown', onPointer)
    return () => document.removeEventListener('mousedown', onPointer)
  }, [open])
  return (
    // Escape closes it from the button as from inside it (and goes no further: not the field's clearing).
    <span
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return
        event.stopPropagation()
        setOpen(false)
        button.current?.focus()
      }}
    >
      <button
        ref={button}
        type="button"
        className="icon-button search-help-button"
        aria-label={STRINGS.smartFeeds.help}
        title={STRINGS.smartFeeds.help}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((now) => !now)}
      >
        ?
      </button>
      {open && (
        <div
          ref={panel}
          id={id}
          role="region"
          aria-label={STRINGS.smartFeeds.helpTitle}
          className="search-help"
          tabIndex={-1}
        >
          <h2 className="search-help-title">{STRINGS.smartFeeds.helpTitle}</h2>
          <dl>
            {STRINGS.smartFeeds.helpItems.map(([example, meaning]) => (
              <div key={example} className="search-help-item">
                <dt>
                  {/* Examples of one kind, two spaces apart in the catalog, each its own code. */}
                  {example.split(/\s{2,}/).map((code) => (
                    <code key={code}>{code}</code>
                  ))}
                </dt>
                <dd>{meaning}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </span>
  )
}
