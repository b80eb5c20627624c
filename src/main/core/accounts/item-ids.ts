/**
 * Google Reader API item ids come in two spellings: the long form `tag:google.com,2005:reader/item/<hex>`
 * (16 hex digits, zero-padded; The Old Reader's run longer) and the short form, the same number in decimal
 * — signed 64-bit in Google's API, so a value past 2^63 arrives negative. Broadsheet keeps the long form,
 * lower-case, as an item's one name.
 */
const LONG_PREFIX = 'tag:google.com,2005:reader/item/'
const HEX = /^[0-9a-f]+$/i
const DECIMAL = /^-?\d+$/

/** The long form of an item id given in either spelling, or null for something that is neither. */
export function longItemId(id: string): string | null {
  const text = id.trim()
  if (text.startsWith(LONG_PREFIX)) {
    const hex = text.slice(LONG_PREFIX.length)
    return HEX.test(hex) && hex.length <= 32 ? LONG_PREFIX + hex.toLowerCase().padStart(16, '0') : null
  }
  if (!DECIMAL.test(text) || text.length > 20) return null
  const value = BigInt.asUintN(64, BigInt(text))
  return LONG_PREFIX + value.toString(16).padStart(16, '0')
}
