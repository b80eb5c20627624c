/**
 * The language of a piece of content, for the `lang` attribute the reader, the list and the sidebar set
 * (CSS keys Korean line breaking on `:lang(ko)`). What the publisher declared wins; where nothing was
 * declared, Hangul in the text says Korean.
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
 * The `lang` for content: the declared language when there is one, else "ko" when its text is mostly
 * Hangul, else undefined (the element inherits its parent's language).
 */
export function contentLanguage(declared: string | null | undefined, ...texts: string[]): string | undefined {
  const tag = normalizeLanguage(declared)
  if (tag) return tag
  return texts.some(isMostlyHangul) ? 'ko' : undefined
}
