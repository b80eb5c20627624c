import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import { HIGHLIGHT_COLORS, type HighlightColor, type HighlightView } from '../../../shared/types'
import { selectionOffsets } from '../reader-highlights'
import type { HighlightStore } from '../state/highlights'
import { STRINGS } from '../strings'

const S = STRINGS.highlights

/** The article body the selection is in, if it is in the reader's article. */
function selectedBody(): { body: HTMLElement; range: Range } | null {
  const selection = window.getSelection()
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null
  const range = selection.getRangeAt(0)
  const start = range.commonAncestorContainer
  const element = start.nodeType === Node.ELEMENT_NODE ? (start as Element) : start.parentElement
  const body = element?.closest<HTMLElement>('.reader-pane .article-body')
  return body ? { body, range } : null
}

/**
 * Highlights the text selected in the article (the `H` key, the selection toolbar): its offsets in the
 * article's canonical text and the text itself go to the core, which checks one against the other.
 * Returns the new highlight, or null when nothing in the article is selected.
 */
export async function highlightSelection(
  store: HighlightStore,
  color?: HighlightColor,
): Promise<HighlightView | null> {
  const selected = selectedBody()
  if (!selected) return null
  const offsets = selectionOffsets(selected.body, selected.range)
  if (!offsets) return null
  const text = selected.range.toString()
  window.getSelection()?.removeAllRanges()
  return store.add(offsets.start, offsets.end, text, color)
}

/**
 * A small bar over a selection in the article: a button per colour, and "add a note". It follows the
 * selection; it takes no focus, so the keyboard stays where it was (`H` does the same from the keys).
 */
export function SelectionToolbar({
  store,
  onAdded,
  onNote,
}: {
  store: HighlightStore
  /** A highlight was made (undo takes it away). */
  onAdded: (highlight: HighlightView) => void
  /** A highlight was made to write a note on: open its editor. */
  onNote: (highlight: HighlightView) => void
}) {
  const [at, setAt] = useState<{ top: number; left: number } | null>(null)
  useEffect(() => {
    const follow = (): void => {
      const selected = selectedBody()
      if (!selected) return setAt(null)
      const rect = selected.range.getBoundingClientRect()
      setAt({ top: Math.max(8, rect.top - 44), left: Math.max(8, rect.left) })
    }
    document.addEventListener('selectionchange', follow)
    return () => document.removeEventListener('selectionchange', follow)
  }, [])
  if (!at) return null
  // In the document's body: the reader pane contains its layout, which would place a fixed bar inside it.
  return createPortal(
    <div
      className="selection-toolbar"
      role="toolbar"
      aria-label={S.toolbar}
      style={{ top: at.top, left: at.left }}
      // A press here must not clear the selection it acts on.
      onMouseDown={(event) => event.preventDefault()}
    >
      {HIGHLIGHT_COLORS.map((color) => (
        <button
          key={color}
          type="button"
          className={`swatch ${color}`}
          aria-label={S.highlightIn(S.colors[color])}
          title={S.highlightIn(S.colors[color])}
          onClick={() =>
            void highlightSelection(store, color).then((added) => {
              if (added) onAdded(added)
            })
          }
        />
      ))}
      <button
        type="button"
        className="button"
        onClick={() =>
          void highlightSelection(store).then((added) => {
            if (!added) return
            onAdded(added)
            onNote(added)
          })
        }
      >
        {S.addNote}
      </button>
    </div>,
    document.body,
  )
}

/**
 * One highlight's colour and note, edited beside its mark: Save keeps the note, Remove takes the
 * highlight away (with undo), Escape or Close leaves it as it was. Focus starts in the note and goes back
 * to the mark.
 */
export function HighlightEditor({
  highlight,
  anchor,
  store,
  onClose,
  onChange,
}: {
  highlight: HighlightView
  /** The mark it was opened from (focus returns there), or null. */
  anchor: HTMLElement | null
  store: HighlightStore
  onClose: () => void
  /** A change was made: what to say, and how to undo it. */
  onChange: (message: string, undo: () => Promise<void>) => void
}) {
  const [note, setNote] = useState(highlight.note)
  const [color, setColor] = useState<HighlightColor>(highlight.color)
  const noteField = useRef<HTMLTextAreaElement>(null)
  // Beside its mark (below it, kept on screen); remounted for each highlight (its key), so read once.
  const [position] = useState(() => positionBeside(anchor))
  useLayoutEffect(() => noteField.current?.focus(), [])
  const close = (): void => {
    onClose()
    // Back to the highlight's mark: the one it was opened from, or, once a change has marked the
    // article again, its new first mark.
    if (anchor?.isConnected) anchor.focus()
    else requestAnimationFrame(() => focusMark(highlight.id))
  }
  const save = async (): Promise<void> => {
    const before = { note: highlight.note, color: highlight.color }
    if (note.trim() !== before.note || color !== before.color) {
      await store.update(highlight.id, { note, color })
      onChange(S.changed, () => store.update(highlight.id, before))
    }
    close()
  }
  const remove = async (): Promise<void> => {
    const removed = await store.remove(highlight.id)
    onClose()
    if (removed) onChange(S.removed, () => store.restore(removed))
  }
  return createPortal(
    <div
      className="highlight-editor"
      role="dialog"
      aria-label={S.editor}
      style={position}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation()
          close()
        }
        // The reader's one-key commands must not fire while typing a note.
        event.stopPropagation()
      }}
    >
      <blockquote className="highlight-quote">{highlight.text}</blockquote>
      <fieldset className="highlight-colors">
        <legend>{S.color}</legend>
        {HIGHLIGHT_COLORS.map((option) => (
          <label key={option} className={`swatch ${option}`} title={S.colors[option]}>
            <input
              type="radio"
              name="highlight-color"
              value={option}
              checked={color === option}
              onChange={() => setColor(option)}
              aria-label={S.colors[option]}
            />
          </label>
        ))}
      </fieldset>
      <label className="highlight-note">
        <span>{S.note}</span>
        <textarea
          ref={noteField}
          value={note}
          placeholder={S.notePlaceholder}
          rows={3}
          onChange={(event) => setNote(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void save()
          }}
        />
      </label>
      <div className="highlight-actions">
        <button type="button" className="button button-danger" onClick={() => void remove()}>
          {S.remove}
        </button>
        <span className="toolbar-gap" />
        <button type="button" className="button" onClick={close}>
          {S.close}
        </button>
        <button type="button" className="button button-primary" onClick={() => void save()}>
          {S.save}
        </button>
      </div>
    </div>,
    document.body,
  )
}

/** Moves focus to a highlight's (first) mark in the reader, scrolled into view. */
export function focusMark(id: string): void {
  const mark = document.querySelector<HTMLElement>(
    `.reader-pane mark.reader-highlight[data-highlight-id="${CSS.escape(id)}"]`,
  )
  mark?.scrollIntoView({ block: 'center' })
  mark?.focus()
}

/** {@link focusMark} once the mark is drawn (an article just opened: its highlights come after it). */
export function focusMarkWhenDrawn(id: string, timeoutMs = 3000): void {
  const until = performance.now() + timeoutMs
  const attempt = (): void => {
    if (document.querySelector(`.reader-pane mark.reader-highlight[data-highlight-id="${CSS.escape(id)}"]`))
      focusMark(id)
    else if (performance.now() < until) requestAnimationFrame(attempt)
  }
  requestAnimationFrame(attempt)
}

function positionBeside(anchor: HTMLElement | null): { top: number; left: number } {
  const rect = anchor?.getBoundingClientRect()
  if (!rect) return { top: 80, left: Math.max(8, window.innerWidth / 2 - 160) }
  const top = Math.min(rect.bottom + 8, window.innerHeight - 260)
  return { top: Math.max(8, top), left: Math.max(8, Math.min(rect.left, window.innerWidth - 340)) }
}

/** The article's highlights under it, in reading order: each one leads to its mark; orphans say so. */
export function HighlightList({
  highlights,
  onShow,
}: {
  highlights: readonly HighlightView[]
  onShow: (highlight: HighlightView) => void
}) {
  if (highlights.length === 0) return null
  return (
    <section className="highlight-list" aria-label={S.listHeading(highlights.length)}>
      <h2>{S.listHeading(highlights.length)}</h2>
      <ol>
        {highlights.map((highlight) => (
          <li key={highlight.id} className={`highlight-item ${highlight.color}`}>
            {highlight.orphaned ? (
              <p className="highlight-text">
                {highlight.text} <span className="highlight-orphaned">({S.orphaned})</span>
              </p>
            ) : (
              <button
                type="button"
                className="highlight-text link-button"
                aria-label={S.show(highlight.text)}
                onClick={() => onShow(highlight)}
              >
                {highlight.text}
              </button>
            )}
            {highlight.note && <p className="highlight-note-text">{highlight.note}</p>}
          </li>
        ))}
      </ol>
    </section>
  )
}
