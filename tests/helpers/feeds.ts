/** Feed documents generated for tests: one item shape, four formats. */
export interface TestItem {
  id: string
  title: string
  link: string
  /** HTML content (full text); omit for a summary-only feed. */
  content?: string
  /** HTML summary. */
  summary?: string
  author?: string
  date?: string
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`

export function rss2(title: string, site: string, items: TestItem[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>${esc(title)}</title><link>${esc(site)}</link><description>test</description>
${items
  .map(
    (
      i,
    ) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><guid isPermaLink="false">${esc(i.id)}</guid>
${i.date ? `<pubDate>${new Date(i.date).toUTCString()}</pubDate>` : ''}${i.author ? `<dc:creator>${esc(i.author)}</dc:creator>` : ''}
${i.summary ? `<description>${cdata(i.summary)}</description>` : ''}${i.content ? `<content:encoded>${cdata(i.content)}</content:encoded>` : ''}</item>`,
  )
  .join('\n')}
</channel></rss>`
}

export function rss091(title: string, site: string, items: TestItem[]): string {
  return `<?xml version="1.0"?>
<rss version="0.91"><channel><title>${esc(title)}</title><link>${esc(site)}</link><description>old</description>
${items.map((i) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><description>${esc(i.content ?? i.summary ?? '')}</description></item>`).join('\n')}
</channel></rss>`
}

export function rdf(title: string, site: string, items: TestItem[]): string {
  return `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel rdf:about="${esc(site)}"><title>${esc(title)}</title><link>${esc(site)}</link><description>rdf</description></channel>
${items
  .map(
    (i) => `<item rdf:about="${esc(i.link)}"><title>${esc(i.title)}</title><link>${esc(i.link)}</link>
${i.date ? `<dc:date>${i.date}</dc:date>` : ''}${i.author ? `<dc:creator>${esc(i.author)}</dc:creator>` : ''}
<description>${esc(i.summary ?? '')}</description>${i.content ? `<content:encoded>${cdata(i.content)}</content:encoded>` : ''}</item>`,
  )
  .join('\n')}
</rdf:RDF>`
}

export function atom(title: string, site: string, items: TestItem[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${esc(title)}</title><link rel="alternate" href="${esc(site)}"/>
<id>urn:test:${esc(title)}</id><updated>2026-11-01T00:00:00Z</updated>
${items
  .map(
    (
      i,
    ) => `<entry><title type="html">${esc(i.title)}</title><id>${esc(i.id)}</id><link rel="alternate" href="${esc(i.link)}"/>
<updated>${i.date ?? '2026-11-01T00:00:00Z'}</updated>${i.date ? `<published>${i.date}</published>` : ''}
${i.author ? `<author><name>${esc(i.author)}</name></author>` : ''}
${i.summary ? `<summary type="html">${esc(i.summary)}</summary>` : ''}${i.content ? `<content type="html">${esc(i.content)}</content>` : ''}</entry>`,
  )
  .join('\n')}
</feed>`
}

export function jsonFeed(title: string, site: string, items: TestItem[], version = '1.1'): string {
  return JSON.stringify({
    version: `https://jsonfeed.org/version/${version}`,
    title,
    home_page_url: site,
    items: items.map((i) => ({
      id: i.id,
      url: i.link,
      title: i.title,
      ...(i.content ? { content_html: i.content } : {}),
      ...(i.summary ? { summary: i.summary } : {}),
      ...(i.date ? { date_published: i.date } : {}),
      ...(i.author
        ? version === '1.0'
          ? { author: { name: i.author } }
          : { authors: [{ name: i.author }] }
        : {}),
    })),
  })
}

/** Long enough that the sync engine takes it as a full article, not a summary. */
export function longArticle(topic: string, paragraphs = 6): string {
  return Array.from(
    { length: paragraphs },
    (_, n) =>
      `<p>Paragraph ${n + 1} about ${topic}. The council met on Tuesday to discuss the new budget, and members argued at length about transport, housing and the libraries that serve the town's readers.</p>`,
  ).join('\n')
}

/** A tiny valid PNG (1×1), different for each seed so that hashes differ. */
export function png(seed = 0): Uint8Array {
  const base = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  )
  // Bytes after IEND are ignored by decoders but change the hash.
  return new Uint8Array(Buffer.concat([base, Buffer.from(String(seed))]))
}
