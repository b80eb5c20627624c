import { generateOpml, parseOpml, type Opml } from 'feedsmith'
import type { Feed, Folder } from '../../../shared/types'
import { plainLine } from '../content/text'
import { ExpectedError } from '../errors'
import { feedTitleOf, siteUrlOf } from './new-feeds'

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

/**
 * Writes subscriptions as OPML 2.0, folders as nested outlines (empty folders included). Well-formed
 * whatever config.json holds (it may have been edited by hand): titles are written as plain lines,
 * nothing XML forbids (control characters, lone surrogates) is written, and a site only if it is http(s).
 */
export function writeOpml(feeds: Feed[], folders: Folder[], now = new Date()): string {
  const feedOutline = (feed: Feed): Outline => {
    const url = xmlText(feed.url)
    const title = feedTitleOf(xmlText(feed.title, ' '), url)
    const site = siteUrlOf(feed.siteUrl)
    return { text: title, title, type: 'rss', xmlUrl: url, ...(site ? { htmlUrl: xmlText(site) } : {}) }
  }
  const folderOutline = (folder: Folder): Outline => {
    const title = plainLine(xmlText(folder.title, ' ')) || 'Folder'
    return { text: title, title, outlines: children(folder.id) }
  }
  const known = new Set(folders.map((folder) => folder.id))
  // Anything whose folder vanished (config.json edited by hand) is still exported, at the top level.
  const parentOf = (id: string | null): string | null => (id && known.has(id) ? id : null)
  const children = (parentId: string | null): Outline[] => [
    ...folders.filter((folder) => parentOf(folder.parentId) === parentId).map(folderOutline),
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

/** Characters XML 1.0 has no place for, not even as a character reference. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Text as XML may carry it: what it cannot carry left out, or replaced (a title's controls are spaces). */
function xmlText(text: string, instead = ''): string {
  return text.replace(NOT_XML, instead)
}
