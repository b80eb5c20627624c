/**
 * The peers section's feeds: `PEER_FEEDS` feeds of `PEER_ITEMS` items of about 300 words each, the words
 * drawn from a made-up vocabulary with a Zipf-like spread (word k about 1/k as often as word 1), so that
 * a search can ask for a word in every article, in a quarter of them or in a few dozen. The same items
 * as RSS (served to newsboat and Broadsheet) and as plain rows (for SQLite's FTS5 table).
 */
import { random } from '../../tests/helpers/generated-text'

export const PEER_FEEDS = 500
export const PEER_ITEMS = 20
const PARAGRAPHS = 6
const WORDS_PER_PARAGRAPH = 50
const VOCABULARY = 5000
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'nu',
  'ta',
  'ro',
  'vi',
  'zu',
  'pa',
  'do',
  'ki',
  'mu',
  'sa',
  'fo',
  'ri',
  'bu',
]

/** The vocabulary's word of rank k (0 = the most frequent): two to four syllables, no English word. */
export function peerWord(rank: number): string {
  let n = rank + SYLLABLES.length
  let word = ''
  while (n > 0) {
    word = (SYLLABLES[n % SYLLABLES.length] as string) + word
    n = Math.floor(n / SYLLABLES.length)
  }
  return word
}

export interface PeerItem {
  feed: number
  item: number
  title: string
  paragraphs: string[]
  published: Date
}

/** Item `item` of feed `feed` (the shared mulberry32 PRNG: the same feeds in every run). */
export function peerItem(feed: number, item: number): PeerItem {
  const next = random(feed * 1000 + item + 1)
  const word = () => peerWord(Math.floor(Math.exp(next() * Math.log(VOCABULARY))) - 1)
  const words = (count: number) => Array.from({ length: count }, word).join(' ')
  return {
    feed,
    item,
    title: `${words(5)} ${feed}-${item}`,
    paragraphs: Array.from({ length: PARAGRAPHS }, () => `${words(WORDS_PER_PARAGRAPH)}.`),
    published: new Date(Date.UTC(2026, 10, 1) + (feed * PEER_ITEMS + item) * 60_000),
  }
}

/** Feed `feed` as RSS 2.0, its items' links and guids under `origin`. */
export function peerFeedXml(origin: string, feed: number): string {
  const items = Array.from({ length: PEER_ITEMS }, (_, i) => {
    const item = peerItem(feed, i)
    const body = item.paragraphs.map((p) => `<p>${p}</p>`).join('')
    return (
      `<item><title>${item.title}</title><link>${origin}/p${feed}/${i}</link><guid>${feed}-${i}</guid>` +
      `<pubDate>${item.published.toUTCString()}</pubDate><description><![CDATA[${body}]]></description></item>`
    )
  })
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Peer feed ${feed}</title><link>${origin}/</link>${items.join('')}</channel></rss>`
}

/** Every item as SQL inserts into `items(title, body)`, in one transaction (the FTS5 table's rows). */
export function peerItemsSql(feeds = PEER_FEEDS): string {
  const rows: string[] = []
  for (let f = 0; f < feeds; f++)
    for (let i = 0; i < PEER_ITEMS; i++) {
      const item = peerItem(f, i)
      rows.push(`INSERT INTO items(title, body) VALUES ('${item.title}', '${item.paragraphs.join('\n')}');`)
    }
  return `BEGIN;\n${rows.join('\n')}\nCOMMIT;\n`
}
