/**
 * What an image's bytes say it is, whatever its server claimed: the formats an `<img>` shows, by their
 * signatures, and SVG by its root element. Null for anything else (an HTML error page, a script).
 */
export function sniffImageType(bytes: Uint8Array): string | null {
  const starts = (...signature: number[]): boolean => signature.every((byte, i) => bytes[i] === byte)
  const ascii = (from: number, text: string): boolean =>
    [...text].every((char, i) => bytes[from + i] === char.charCodeAt(0))
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif'
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp'
  if (ascii(4, 'ftypavif') || ascii(4, 'ftypavis')) return 'image/avif'
  if (ascii(0, 'BM') && bytes.length > 26) return 'image/bmp'
  // An icon directory: reserved 0, type 1 (icon), at least one image.
  if (starts(0, 0, 1, 0) && bytes.length > 6 && (bytes[4] ?? 0) + (bytes[5] ?? 0) > 0) return 'image/x-icon'
  if (isSvg(bytes)) return 'image/svg+xml'
  return null
}

const SVG_START =
  /^(?:\ufeff)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+svg[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>/]/i

function isSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 2048))
  return SVG_START.test(head)
}
