/**
 * The language of a piece of content, for the `lang` attribute the reader, the list and the sidebar set
 * (CSS keys Korean line breaking on `:lang(ko)`). What the publisher declared, unless the text itself is
 * mostly Hangul: then it is Korean.
 */

/** Hangul syllables, Jamo and compatibility Jamo. */
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/g
/** Letters of any script (what Hangul is counted against). */
const LETTER = /\p{L}/gu
/** A BCP 47 tag as feeds and pages write it ("ko", "ko-KR", "en_US"); anything else is ignored. */
const TAG = /^[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*$/i

/** A declared language as a BCP 47 tag ("en_US" → "en-US"), or null when it is none. */
export function normalizeLanguage(declared: string | null | undefined): string | null {
  const tag = declared?.trim()
  if (!tag || tag.length > 35 || !TAG.test(tag)) return null
  return tag.replace(/_/g, '-')
}

/** True when at least a third of the text's letters are Hangul (a Korean title with a Latin brand name). */
export function isMostlyHangul(text: string): boolean {
  const sample = text.slice(0, 2000)
  const hangul = sample.match(HANGUL)?.length ?? 0
  if (hangul === 0) return false
  const letters = sample.match(LETTER)?.length ?? 0
  return hangul * 3 >= letters
}

/**
 * The `lang` for content: the declared language, else undefined (the element inherits its parent's) —
 * except that text mostly in Hangul is Korean whatever was declared (many Korean sites keep their
 * software's default "en-US").
 */
export function contentLanguage(declared: string | null | undefined, ...texts: string[]): string | undefined {
  const tag = normalizeLanguage(declared)
  if (tag?.toLowerCase().startsWith('ko')) return tag
  if (texts.some(isMostlyHangul)) return 'ko'
  return tag ?? undefined
}
