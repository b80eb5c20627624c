import { randomBytes } from 'node:crypto'
import { mkdirSync, renameSync } from 'node:fs'
import { basename, join } from 'node:path'

/**
 * Moves a damaged file into `<dataDir>/quarantine/` under a timestamped name, so the user can
 * recover it by hand, and returns where it went. Synchronous: it runs before anything may replace it.
 */
export function quarantineFile(dataDir: string, file: string): string {
  const folder = join(dataDir, 'quarantine')
  mkdirSync(folder, { recursive: true })
  const stamp = new Date().toISOString().replaceAll(':', '-')
  const keptAt = join(folder, `${stamp}-${randomBytes(3).toString('hex')}-${basename(file)}`)
  renameSync(file, keptAt)
  return keptAt
}
