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

/**
 * The folder a person names, as the CLI's `feeds` shows it: its path ("World/Daily", slashes around it
 * aside), else its own title when only one folder has it (case ignored either way). A name that fits
 * none, or several, is a UserError that says which.
 */
export function folderNamedIn<F extends Folder & { path: string }>(folders: readonly F[], name: string): F {
  const wanted = name
    .trim()
    .replace(/^\/+|\/+$/g, '')
    .toLowerCase()
  const byPath = folders.find((folder) => folder.path.toLowerCase() === wanted)
  if (byPath) return byPath
  const byTitle = folders.filter((folder) => folder.title.toLowerCase() === wanted)
  if (byTitle.length === 1) return byTitle[0] as F
  if (byTitle.length === 0) throw new UserError(`there is no folder named "${name}"`)
  const paths = byTitle.map((folder) => folder.path).join(', ')
  throw new UserError(`more than one folder is named "${name}": give its path (${paths})`)
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

/** Where a folder deletion found things, so that its undo puts them back. */
export interface FolderPlacement {
  /** The folders deleted or moved, as they were. */
  folders: Folder[]
  /** Each feed that moved, with the folder it was in. */
  feeds: { id: string; folderId: string | null }[]
}

/**
 * Deletes a folder (in `data`, a copy about to be written): its feeds and subfolders move up into its
 * parent (the top level for a top-level folder), a subfolder merging into a sibling of the same name
 * there. Returns how many feeds moved and where everything was.
 */
export function deleteFolderIn(
  data: { folders: Folder[]; feeds: { id: string; folderId: string | null }[] },
  folderId: string,
): { moved: number; placement: FolderPlacement } {
  const folder = data.folders.find((f) => f.id === folderId)
  if (!folder) throw new UserError(`no folder with id ${folderId}`)
  const placement: FolderPlacement = {
    folders: data.folders.map((f) => ({ ...f })),
    feeds: data.feeds.map((feed) => ({ id: feed.id, folderId: feed.folderId })),
  }
  const gone = new Set<string>()
  let moved = 0
  /** Moves `from`'s feeds and subfolders into `into` (null: the top level), then drops `from`. */
  const mergeInto = (from: Folder, into: string | null): void => {
    for (const feed of data.feeds) {
      if (feed.folderId !== from.id) continue
      feed.folderId = into
      moved++
    }
    for (const child of data.folders.filter((f) => f.parentId === from.id && !gone.has(f.id))) {
      const twin = data.folders.find(
        (f) =>
          f.id !== child.id &&
          !gone.has(f.id) &&
          f.parentId === into &&
          f.title === child.title &&
          f.account === child.account,
      )
      if (twin) mergeInto(child, twin.id)
      else child.parentId = into
    }
    gone.add(from.id)
  }
  mergeInto(folder, folder.parentId)
  data.folders = data.folders.filter((f) => !gone.has(f.id))
  const parentNow = new Map(data.folders.map((f) => [f.id, f.parentId]))
  placement.folders = placement.folders.filter((f) => gone.has(f.id) || parentNow.get(f.id) !== f.parentId)
  const movedIds = new Set(
    data.feeds.filter((feed, i) => feed.folderId !== placement.feeds[i]?.folderId).map((f) => f.id),
  )
  placement.feeds = placement.feeds.filter((feed) => movedIds.has(feed.id))
  return { moved, placement }
}

/**
 * Puts back what a folder deletion moved (in `data`, a copy about to be written): the deleted folders
 * come back with their ids, folders that moved go back under their parents, feeds that moved go back
 * into their folders. Feeds unsubscribed since stay gone; a feed moved again since is moved back too.
 */
export function restoreFolderPlacementIn(
  data: { folders: Folder[]; feeds: { id: string; folderId: string | null }[] },
  placement: FolderPlacement,
): void {
  for (const before of placement.folders) {
    const now = data.folders.find((f) => f.id === before.id)
    if (now) now.parentId = before.parentId
    else data.folders.push({ ...before })
  }
  const known = new Set(data.folders.map((f) => f.id))
  for (const { id, folderId } of placement.feeds) {
    const feed = data.feeds.find((f) => f.id === id)
    if (feed && (folderId === null || known.has(folderId))) feed.folderId = folderId
  }
}
