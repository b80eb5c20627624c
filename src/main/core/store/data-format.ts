import { join } from 'node:path'
import type { DamageNotice } from '../../../shared/contract'
import { ExpectedError } from '../errors'
import { writeFileAtomic } from './atomic-write'
import { isPlainObject, readJsonFileNow } from './json-files'
import { quarantineFile } from './quarantine'

/**
 * The data dir's format, in `format.json`: raised whenever a file changes so that an older Broadsheet
 * would misread it. An older version finding a newer format refuses to open the data dir, saying why,
 * instead of taking the files it cannot read for damage and setting them aside.
 *
 * 1: every data dir before this file. 2: flags.json keeps a feed's read ids as one string (older
 * versions take such a file for damage), week files one record a line.
 */
export const DATA_FORMAT = 2

const FILE = 'format.json'

/** A data dir written by a newer Broadsheet than this one. */
export class NewerDataDirError extends ExpectedError {
  constructor(dataDir: string, found: number) {
    super(
      `${dataDir} was written by a newer Broadsheet (data format ${found}; this version reads up to ${DATA_FORMAT}): update Broadsheet to open it`,
    )
    this.name = 'NewerDataDirError'
  }
}

/**
 * Checks the data dir's format before anything is read: a newer one throws {@link NewerDataDirError};
 * an older one (or none) is recorded as this version's, where the data dir can be written (`writable`:
 * the caller holds the write lock). A damaged format.json is set aside, reported and written anew.
 */
export async function checkDataFormat(
  dataDir: string,
  writable: boolean,
  reports: DamageNotice[],
): Promise<void> {
  const path = join(dataDir, FILE)
  const read = readJsonFileNow<unknown>(path)
  const format =
    read.status === 'ok' && isPlainObject(read.value) && Number.isInteger(read.value.format)
      ? (read.value.format as number)
      : null
  if (format !== null && format > DATA_FORMAT) throw new NewerDataDirError(dataDir, format)
  if (format === DATA_FORMAT || !writable) return
  if (read.status !== 'missing' && format === null)
    reports.push({
      file: path,
      keptAt: quarantineFile(dataDir, path),
      reason: read.status === 'damaged' ? read.reason : 'it does not name a data format',
      action: `wrote it again: data format ${DATA_FORMAT}`,
    })
  await writeFileAtomic(path, `${JSON.stringify({ format: DATA_FORMAT })}\n`)
}
