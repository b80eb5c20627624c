import { generateOpml, parseOpml, type Opml } from 'feedsmith'
import type { Feed, Folder } from '../../../shared/types'
import { ExpectedError } from '../errors'

type Outline = Opml.Outline<string>

/** A subscription found in an OPML file, with the folder path it sat in. */
export interface OpmlSubscription {
  url: string
  title: string
  siteUrl: string | null
  /** Titles of the enclosing outlines, outermost first; empty at the top level. */
  folder: string[]
}

/** Thrown for a file that is not OPML; the message is one line for people. */
export class OpmlError extends ExpectedError {
  constructor(message: string) {
    super(message)
    this.name = 'OpmlError'
  }
}

/**
 * Reads the subscriptions of an OPML 1.0/2.0 document. Outlines with an `xmlUrl` are feeds; outlines
 * without one are folders, however deeply nested.
 */
export function readOpml(text: string): OpmlSubscription[] {
  let document: Opml.Document<string>
  try {
    document = parseOpml(text)
  } catch {
    throw new OpmlError('this is not an OPML file (no <opml> document with a <body> could be read)')
  }
  const found: OpmlSubscription[] = []
  const walk = (outlines: Outline[] | undefined, folder: string[]): void => {
    for (const outline of outlines ?? []) {
      const title = (outline.title || outline.text || '').trim()
      if (outline.xmlUrl) {
        found.push({ url: outline.xmlUrl.trim(), title, siteUrl: outline.htmlUrl?.trim() || null, folder })
      }
      if (outline.outlines?.length) walk(outline.outlines, outline.xmlUrl ? folder : [...folder, title])
    }
  }
  walk(document.body?.outlines, [])
  return found
}

/** Writes subscriptions as OPML 2.0, folders as nested outlines (empty folders included). */
export function writeOpml(feeds: Feed[], folders: Folder[], now = new Date()): string {
  const feedOutline = (feed: Feed): Outline => ({
    text: feed.title,
    title: feed.title,
    type: 'rss',
    xmlUrl: feed.url,
    ...(feed.siteUrl ? { htmlUrl: feed.siteUrl } : {}),
  })
  const known = new Set(folders.map((folder) => folder.id))
  // Anything whose folder vanished (config.json edited by hand) is still exported, at the top level.
  const parentOf = (id: string | null): string | null => (id && known.has(id) ? id : null)
  const children = (parentId: string | null): Outline[] => [
    ...folders
      .filter((folder) => parentOf(folder.parentId) === parentId)
      .map((folder) => ({ text: folder.title, title: folder.title, outlines: children(folder.id) })),
    ...feeds.filter((feed) => parentOf(feed.folderId) === parentId).map(feedOutline),
  ]
  const outlines = children(null)
  // feedsmith refuses to write an empty body, but an empty library still exports (and imports) fine.
  if (outlines.length === 0) return emptyOpml(now)
  return generateOpml({
    head: { title: OPML_TITLE, dateCreated: now },
    body: { outlines },
  })
}

const OPML_TITLE = 'Broadsheet subscriptions'

function emptyOpml(now: Date): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${OPML_TITLE}</title>`,
    `    <dateCreated>${now.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body/>',
    '</opml>',
    '',
  ].join('\n')
}
