import { ExpectedError } from '../errors'

/*
 * A data dir that may be read but not written, told apart from other failed writes: its own module, so
 * that what writes files (the store's worker too) knows it without the write lock and its packages.
 */

/** The errors a write gets where the data dir may be read but not written. */
const READ_ONLY_CODES = new Set(['EROFS', 'EACCES', 'EPERM'])

/** Whether `error` says a file could not be written because the data dir is read-only (or not ours). */
export function isReadOnlyError(error: unknown): boolean {
  return READ_ONLY_CODES.has((error as NodeJS.ErrnoException | null)?.code ?? '')
}

/**
 * A change to a data dir that cannot be written (mounted read-only, another user's): reading it works,
 * and this says so in one line. `code` stays the system's (EROFS, EACCES, EPERM) for code that checks it.
 */
export class ReadOnlyDataDirError extends ExpectedError {
  readonly code: string

  /** `dataDir`: where the write was refused (a field too, so the error crosses threads whole). */
  constructor(
    readonly dataDir: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException | null)?.code ?? 'EROFS'
    super(`${dataDir} is read-only (${code}): Broadsheet can read this library but not change it`, { cause })
    this.name = 'ReadOnlyDataDirError'
    this.code = code
  }
}
