import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Conf, { type Options } from 'conf'
import { quarantineFile } from './quarantine'
import type { DamageNotice } from '../../../shared/contract'
import { readRevision } from './revision'
import { isReadOnlyError, ReadOnlyDataDirError } from './read-only'

/**
 * Makes the store behind a settings-like file. The CLI and tests use conf; the app passes a factory
 * that builds electron-store (a subclass of conf) with the very same options.
 */
export type ConfFactory = <T extends Record<string, unknown>>(options: Options<T>) => Conf<T>

export const defaultConfFactory: ConfFactory = (options) => new Conf(options)

function isParsableJson(file: string): boolean {
  try {
    JSON.parse(readFileSync(file, 'utf8'))
    return true
  } catch {
    return false
  }
}

/**
 * Opens one conf-format file of the data dir. A file that is not JSON, or breaks the schema, is moved to
 * quarantine/ and the last good copy from backups/ takes its place; either way it is reported, never
 * silently reset. A good file is copied to backups/ after it opens and after every write through it.
 */
export function openConfFile<T extends Record<string, unknown>>(
  dataDir: string,
  options: Options<T>,
  factory: ConfFactory,
  reports: DamageNotice[],
): Conf<T> {
  const name = `${options.configName ?? 'config'}.json`
  const file = join(dataDir, name)
  const backup = join(dataDir, 'backups', name)

  const setAside = (reason: string): void => {
    const keptAt = quarantineFile(dataDir, file)
    const restored = existsSync(backup) && isParsableJson(backup)
    if (restored) copyFileSync(backup, file)
    const when = restored ? statSync(backup).mtime.toISOString() : ''
    reports.push({
      file,
      keptAt,
      reason,
      action: restored
        ? `restored the last good copy, saved ${when}`
        : 'no good copy to restore: started this file afresh',
    })
  }

  // conf reads the file as it opens and throws if it is not JSON or breaks the schema (clearInvalidConfig
  // is off): it is not parsed once more beforehand to find out (8 MB of flags at 500,000 articles).
  let store: Conf<T>
  try {
    store = factory(options)
  } catch (error) {
    // conf writes on open when it fills in defaults or migrates: a file it may not write is not damaged.
    if (isReadOnlyError(error)) throw new ReadOnlyDataDirError(dataDir, error)
    if (!existsSync(file)) throw error
    setAside(
      error instanceof SyntaxError
        ? 'it is not valid JSON (cut short or overwritten)'
        : ((error as Error).message.split('\n')[0] ?? 'it could not be opened'),
    )
    store = factory(options)
  }
  try {
    refreshBackup(file, backup)
  } catch {
    // A second copy: a full disk must not keep the library from opening (reading needs no space).
  }
  // Back up each change as it lands, or a restore would lose everything since this file was opened
  // (the app stays open for weeks). conf fires `change` only after a validated, whole-file write.
  store.events.addEventListener('change', () => {
    try {
      copyToBackup(file, backup)
    } catch {
      // The backup is a second copy: failing to refresh it must not fail the write that succeeded.
    }
  })
  return store
}

/**
 * Copies a good file to backups/ unless the backup is that very version (whole-file rename, like every
 * write). A file from before revisions is compared by time.
 */
function refreshBackup(file: string, backup: string): void {
  if (!existsSync(file)) return
  const revision = readRevision(file)
  if (revision ? readRevision(backup) === revision : isAtLeastAsNew(backup, file)) return
  copyToBackup(file, backup)
}

function isAtLeastAsNew(backup: string, file: string): boolean {
  return existsSync(backup) && statSync(backup).mtimeMs >= statSync(file).mtimeMs
}

function copyToBackup(file: string, backup: string): void {
  mkdirSync(join(backup, '..'), { recursive: true })
  const temp = `${backup}.${process.pid}.tmp`
  try {
    copyFileSync(file, temp)
    renameSync(temp, backup)
  } catch (error) {
    // A copy cut short (a full disk) must not stay behind, filling the disk a little more each time.
    rmSync(temp, { force: true })
    throw error
  }
}
