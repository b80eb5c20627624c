import type { Folder } from '../../../shared/types'
import { plainLine } from '../content/text'
import { UserError } from '../errors'
import { newId } from '../store/ids'

/** Separates the levels of a folder path, as `--folder "Tech/Rust"` and the JSON output write it. */
export const FOLDER_SEPARATOR = '/'

/** "Tech/Rust" for a folder nested in another; "" for none. */
export function folderPath(folders: readonly Folder[], folderId: string | null): string {
  const byId = new Map(folders.map((folder) => [folder.id, folder]))
  const names: string[] = []
  for (let folder = folderId ? byId.get(folderId) : undefined; folder;) {
    names.unshift(folder.title)
    folder = folder.parentId ? byId.get(folder.parentId) : undefined
    if (names.length > 64) break // a cycle written by hand into config.json
  }
  return names.join(FOLDER_SEPARATOR)
}

/** The folder and every folder inside it. */
export function folderAndDescendants(folders: readonly Folder[], folderId: string): Set<string> {
  const result = new Set([folderId])
  for (let grew = true; grew;) {
    grew = false
    for (const folder of folders) {
      if (folder.parentId && result.has(folder.parentId) && !result.has(folder.id)) {
        result.add(folder.id)
        grew = true
      }
    }
  }
  return result
}

/**
 * The titles of a folder path ("Tech/Rust" → ["Tech", "Rust"]) as stored: plain lines, blanks dropped.
 * Given as titles (an OPML file's outlines, a server's label), a title holding the separator is split
 * too: a folder is named by its path, so "A/B" can only ever mean B inside A — as `--folder "A/B"` and a
 * server label "A/B" already mean — and a folder titled "A/B" could never be addressed.
 */
export function pathTitles(path: string | readonly string[]): string[] {
  const levels = typeof path === 'string' ? [path] : path
  return levels
    .flatMap((level) => level.split(FOLDER_SEPARATOR))
    .map(plainLine)
    .filter(Boolean)
}

/**
 * The id of the folder at this path of titles, adding the missing levels to `folders` (a copy the caller
 * is about to write); null for the top level. A server account's folders (its labels) are its own: a
 * local "Tech" and an account's "Tech" are two folders.
 */
export function ensureFolderIn(
  folders: Folder[],
  titles: readonly string[],
  account?: string,
): string | null {
  let parentId: string | null = null
  for (const title of titles) {
    let folder = folders.find((f) => f.parentId === parentId && f.title === title && f.account === account)
    if (!folder) {
      folder = { id: newId(), title, parentId, ...(account ? { account } : {}) }
      folders.push(folder)
    }
    parentId = folder.id
  }
  return parentId
}

/**
 * A folder title as a person typed it, as a plain line, or a UserError: paths name folders, so no
 * separator (a rename names a folder; it does not move it into another, which is what "A/B" would say).
 */
export function cleanFolderTitle(title: string): string {
  const clean = plainLine(title)
  if (!clean) throw new UserError('a folder name needs at least one visible character')
  if (clean.includes(FOLDER_SEPARATOR))
    throw new UserError(`not a folder name: ${clean} ("${FOLDER_SEPARATOR}" separates the folders of a path)`)
  return clean
}

/** Renames a folder (in `folders`, a copy about to be written); a sibling of the same name is a UserError. */
export function renameFolderIn(folders: Folder[], folderId: string, title: string): void {
  const folder = folders.find((f) => f.id === folderId)
  if (!folder) throw new UserError(`no folder with id ${folderId}`)
  const clean = cleanFolderTitle(title)
  if (folders.some((f) => f.id !== folderId && f.parentId === folder.parentId && f.title === clean)) {
    throw new UserError(`there is already a folder named ${clean} there`)
  }
  folder.title = clean
}
