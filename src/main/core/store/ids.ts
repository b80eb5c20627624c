import { createHash, randomUUID } from 'node:crypto'

/**
 * A stable id from its parts: the same feed and guid always name the same article. Lower-case hex,
 * because ids become file names and macOS and Windows fold case.
 */
export function stableId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 20)
}

/** A fresh random id (feeds, folders). */
export function newId(): string {
  return randomUUID().replaceAll('-', '').slice(0, 16)
}

/** sha256 hex of bytes: the address of a blob. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
