import type { Folder } from '../../../shared/types'
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

/** The titles of a folder path ("Tech/Rust" → ["Tech", "Rust"]), blanks dropped. */
export function pathTitles(path: string | readonly string[]): string[] {
  const titles = typeof path === 'string' ? path.split(FOLDER_SEPARATOR) : path
  return titles.map((title) => title.trim()).filter(Boolean)
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

/** A folder title as a person typed it, or a UserError: paths name folders, so no separator. */
export function cleanFolderTitle(title: string): string {
  const clean = title.trim()
  if (!clean || clean.includes(FOLDER_SEPARATOR)) throw new UserError(`not a folder name: ${title}`)
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
