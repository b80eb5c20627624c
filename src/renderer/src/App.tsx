import { useCallback, useEffect, useState } from 'react'
import type { ArticleListItem, ArticleView, FeedSummary } from '../../shared/types'
import { api, withCacheUrls } from './api-client'

// A stand-in until the reader UI issue lands: feeds, their articles and one article, live through the
// client module, so the app and the browser preview can be seen working end to end.

export function App() {
  const [feeds, setFeeds] = useState<FeedSummary[]>([])
  const [feedId, setFeedId] = useState<string | null>(null)
  const [articles, setArticles] = useState<ArticleListItem[]>([])
  const [article, setArticle] = useState<ArticleView | null>(null)
  const [status, setStatus] = useState('')

  // Bumped when the library changed (a sync finished): the lists load again.
  const [version, setVersion] = useState(0)

  useEffect(() => {
    let live = true
    Promise.all([
      api.listFeeds(),
      api.listArticles({ feedIds: feedId ? [feedId] : undefined, limit: 200 }),
    ]).then(
      ([nextFeeds, nextArticles]) => {
        if (!live) return
        setFeeds(nextFeeds)
        setArticles(nextArticles)
      },
      (error: Error) => setStatus(error.message),
    )
    return () => {
      live = false
    }
  }, [feedId, version])

  const open = useCallback(async (id: string) => {
    try {
      setArticle(await api.getArticle({ id }))
    } catch (error) {
      setStatus((error as Error).message)
    }
  }, [])

  const sync = useCallback(() => {
    api.syncNow().catch((error: Error) => setStatus(error.message))
  }, [])

  useEffect(() => {
    const stops = [
      api.on('syncProgress', (p) => setStatus(`Syncing ${p.done}/${p.total}`)),
      api.on('syncFinished', (s) => {
        setStatus(`Synced ${s.feeds.length} feeds: ${s.newArticles} new`)
        setVersion((v) => v + 1)
      }),
      api.on('syncError', (e) => setStatus(`Sync failed: ${e.message}`)),
      api.on('online', (o) => setStatus(o.online ? 'Online' : 'Offline')),
      api.on('command', ({ command }) => {
        if (command === 'refresh') sync()
        if (command === 'next-article' || command === 'previous-article') {
          const index = articles.findIndex((a) => a.id === article?.id)
          const next = articles[index + (command === 'next-article' ? 1 : -1)] ?? articles[0]
          if (next) void open(next.id)
        }
      }),
    ]
    return () => stops.forEach((stop) => stop())
  }, [sync, open, articles, article])

  return (
    <main
      style={{
        display: 'grid',
        gridTemplateColumns: '16rem 24rem 1fr',
        height: '100vh',
        font: '14px system-ui',
      }}
    >
      <nav aria-label="Feeds" style={{ overflow: 'auto', borderRight: '1px solid #ddd', padding: '0.5rem' }}>
        <button onClick={sync}>Sync now</button> <span role="status">{status}</span>
        <ul style={{ listStyle: 'none', padding: 0 }}>
          <li>
            <button onClick={() => setFeedId(null)}>All articles</button>
          </li>
          {feeds.map((feed) => (
            <li key={feed.id}>
              <button onClick={() => setFeedId(feed.id)} title={feed.lastError ?? feed.url}>
                {feed.title} ({feed.unread})
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-label="Articles" style={{ overflow: 'auto', borderRight: '1px solid #ddd' }}>
        {articles.length === 0 && <p style={{ padding: '1rem' }}>No articles yet.</p>}
        <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {articles.map((item) => (
            <li key={item.id}>
              <button
                onClick={() => void open(item.id)}
                style={{
                  all: 'unset',
                  display: 'block',
                  padding: '0.5rem',
                  fontWeight: item.read ? 400 : 600,
                }}
              >
                {item.title}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <article style={{ overflow: 'auto', padding: '1rem 2rem', maxWidth: '42rem' }}>
        {article ? (
          <>
            <h1>{article.title}</h1>
            {/* Sanitized by core (DOMPurify, allowlist) before it was stored. */}
            <div dangerouslySetInnerHTML={{ __html: withCacheUrls(article.contentHtml) }} />
          </>
        ) : (
          <p>Choose an article.</p>
        )}
      </article>
    </main>
  )
}
