import type { FailureCode } from '../../../shared/failure-codes'
import type { SkippedItem } from './article-builder'
import { MAX_ITEMS_PER_SYNC, type ParsedFeed } from './feed-parse'

/*
 * What a feed's sync left out (the items past the newest MAX_ITEMS_PER_SYNC, the items that could not be
 * built), for the feed's status: in words, and as a code a UI words in its own language.
 */

/** What a feed's sync left out, in words for its status (null: nothing). */
export function leftOut(
  parsed: Pick<ParsedFeed, 'itemsInDocument'>,
  skippedItems: readonly SkippedItem[],
): string | null {
  const parts: string[] = []
  if (parsed.itemsInDocument !== undefined)
    parts.push(
      `took the newest ${MAX_ITEMS_PER_SYNC.toLocaleString('en-US')} of its ${parsed.itemsInDocument.toLocaleString('en-US')} items`,
    )
  const [first] = skippedItems
  if (first) {
    const count = skippedItems.length
    parts.push(
      `left out ${count === 1 ? 'an item' : `${count} items`} it could not build (“${clip(first.title, 60)}”: ${first.reason})`,
    )
  }
  return parts.length > 0 ? parts.join('; ') : null
}

/** The same, as a code and parameters for a UI that words it in its own language (catalog: sync-notice). */
export function leftOutCode(
  parsed: Pick<ParsedFeed, 'itemsInDocument'>,
  skippedItems: readonly SkippedItem[],
): FailureCode {
  const [first] = skippedItems
  return {
    code: 'sync-notice',
    params: {
      items: parsed.itemsInDocument ?? 0,
      max: MAX_ITEMS_PER_SYNC,
      both: parsed.itemsInDocument !== undefined && first ? 'yes' : 'no',
      skipped: skippedItems.length,
      title: first ? clip(first.title, 60) : '',
      reason: first?.reason ?? '',
    },
  }
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text
}
