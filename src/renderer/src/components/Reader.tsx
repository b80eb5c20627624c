import { forwardRef, useState } from 'react'
import { contentLanguage } from '../../../shared/language'
import type { ArticleView, HighlightView } from '../../../shared/types'
import type { HighlightStore } from '../state/highlights'
import { CommandButton } from '../commands/CommandButton'
import { formatFullTime } from '../format'
import { openInBrowser } from '../open-link'
import { STRINGS } from '../strings'
import { ArticleBody } from './ArticleBody'
import { focusMark, HighlightEditor, HighlightList, SelectionToolbar } from './Highlights'
import { HiddenNotice } from './HiddenNotice'
import { BookmarkIcon, CircleIcon, DownIcon, ExportIcon, ExternalIcon, UpIcon } from './Icons'

interface ReaderProps {
  article: ArticleView | null
  loading: boolean
  error: string | null
  feedTitle: string
  /** The language the article's feed declares, if any (the article's own wins). */
  feedLanguage?: string
  /** Words to mark in the article (the search that found it). */
  terms: readonly string[]
  /** The article's highlights (empty until they have come), and where changes to them go. */
  highlights?: readonly HighlightView[]
  highlightStore?: HighlightStore
  /** A highlight was added, changed or removed: says so, with the way back (undo). */
  onHighlightChange?: (message: string, undo: () => Promise<void>) => void
  onRetry: () => void
}

/** The right pane: one cached article, its dateline, and its actions. */
export const Reader = forwardRef<HTMLDivElement, ReaderProps>(function Reader(props, ref) {
  const {
    article,
    loading,
    error,
    feedTitle,
    feedLanguage,
    terms,
    highlights = [],
    highlightStore,
    onRetry,
  } = props
  const [editing, setEditing] = useState<{ id: string; mark: HTMLElement | null } | null>(null)
  const edited = editing && highlights.find((h) => h.id === editing.id)
  let content
  if (error) {
    content = (
      <div className="reader-message" role="alert">
        <p>{STRINGS.reader.failed(error)}</p>
        <button type="button" className="button" onClick={onRetry}>
          {STRINGS.list.retry}
        </button>
      </div>
    )
  } else if (!article) {
    content = (
      <p className="reader-message" role="status">
        {loading ? STRINGS.reader.loading : STRINGS.reader.empty}
      </p>
    )
  } else {
    const published = article.published ?? article.fetchedAt
    const lang = contentLanguage(article.language ?? feedLanguage, article.title, article.contentText)
    content = (
      <article className="article" aria-labelledby="article-title" lang={lang}>
        <header className="article-header">
          <p className="article-feed" lang={contentLanguage(feedLanguage, feedTitle) ?? ''}>
            {feedTitle}
          </p>
          <h1 id="article-title" className="article-title">
            {article.url ? (
              // The title links to the original, as in other readers; opened as every link is.
              <a
                className="article-title-link"
                href={article.url}
                rel="noreferrer"
                onClick={(event) => {
                  event.preventDefault()
                  openInBrowser(article.url as string)
                }}
              >
                {article.title}
              </a>
            ) : (
              article.title
            )}
          </h1>
          <p className="article-dateline">
            {article.author && <span className="article-author">{STRINGS.reader.by(article.author)}</span>}
            <time dateTime={published}>{formatFullTime(published)}</time>
          </p>
          {article.fullTextError && (
            <p className="article-note">{STRINGS.reader.fullTextFailed(article.fullTextError)}</p>
          )}
          {article.hidden && <HiddenNotice key={article.id} articleId={article.id} />}
        </header>
        <ArticleBody
          html={article.contentHtml}
          terms={terms}
          highlights={highlights}
          onOpenHighlight={(id, mark) => setEditing({ id, mark })}
        />
        <HighlightList highlights={highlights} onShow={(highlight) => focusMark(highlight.id)} />
      </article>
    )
  }

  return (
    <main className="reader-pane" aria-label={STRINGS.reader.label}>
      <div className="reader-toolbar" role="toolbar" aria-label={STRINGS.reader.label}>
        <CommandButton command="previous-article" icon={<UpIcon />} />
        <CommandButton command="next-article" icon={<DownIcon />} />
        <span className="toolbar-gap" />
        <CommandButton
          command="toggle-read"
          icon={<CircleIcon filled={article ? !article.read : false} />}
          label={article?.read ? STRINGS.reader.markUnread : STRINGS.reader.markRead}
        />
        <CommandButton
          command="toggle-bookmark"
          icon={<BookmarkIcon filled={article?.bookmarked} />}
          label={STRINGS.reader.bookmark}
          pressed={article?.bookmarked ?? false}
        />
        <CommandButton command="open-original" icon={<ExternalIcon />} label={STRINGS.reader.openOriginal} />
        <CommandButton command="export-article" icon={<ExportIcon />} />
      </div>
      {/* Focusable so the keyboard scrolls the article (Enter and o move focus here). */}
      <div ref={ref} className="reader-scroll" tabIndex={0} aria-label={STRINGS.reader.label}>
        {content}
      </div>
      {article && highlightStore && (
        <SelectionToolbar
          store={highlightStore}
          onAdded={(added) =>
            props.onHighlightChange?.(STRINGS.highlights.added, async () => {
              await highlightStore.remove(added.id)
            })
          }
          onNote={(added) => setEditing({ id: added.id, mark: null })}
        />
      )}
      {edited && highlightStore && (
        <HighlightEditor
          key={edited.id}
          highlight={edited}
          anchor={editing.mark}
          store={highlightStore}
          onClose={() => setEditing(null)}
          onChange={(message, undo) => props.onHighlightChange?.(message, undo)}
        />
      )}
    </main>
  )
})
