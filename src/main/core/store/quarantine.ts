import { randomBytes } from 'node:crypto'
import { mkdirSync, renameSync } from 'node:fs'
import { basename, join } from 'node:path'
import { isReadOnlyError, ReadOnlyDataDirError } from './read-only'

/**
 * Moves a damaged file into `<dataDir>/quarantine/` under a timestamped name, so the user can
 * recover it by hand, and returns where it went. Synchronous: it runs before anything may replace it.
 */
export function quarantineFile(dataDir: string, file: string): string {
  const folder = join(dataDir, 'quarantine')
  const stamp = new Date().toISOString().replaceAll(':', '-')
  const keptAt = join(folder, `${stamp}-${randomBytes(3).toString('hex')}-${basename(file)}`)
  try {
    mkdirSync(folder, { recursive: true })
    renameSync(file, keptAt)
  } catch (error) {
    // A damaged file in a library that cannot be written stays as it is; the reader is told why.
    throw isReadOnlyError(error) ? new ReadOnlyDataDirError(dataDir, error) : error
  }
  return keptAt
}
