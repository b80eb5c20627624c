import type { BroadsheetApi, FolderView, SearchArgs, SearchResults } from '../../../shared/contract'
import type { FeedSettings, Settings } from '../../../shared/types'
import type { Broadsheet } from '../broadsheet'
import { FOLDER_SEPARATOR, UserError } from '../store/library'
import type { SyncScheduler } from '../sync/scheduler'
import type { SyncEngine } from '../sync/sync-engine'

/** What the contract's handlers run on. */
export interface ApiDeps {
  core: Broadsheet
  engine: SyncEngine
  /** Every sync goes through it, so "sync now" never overlaps a background sync. */
  scheduler: SyncScheduler
  /** Full-text search, once the search index is wired in. */
  search?: (args: SearchArgs) => Promise<SearchResults>
  /** Told after the settings changed (the shell re-arms the sync timer). */
  onSettingsChanged?: (settings: Settings) => void
}

/**
 * The contract's one implementation, shared by the Electron IPC layer and the browser preview so the two
 * cannot drift. Arguments arrive already validated (see callApi); typing the result as BroadsheetApi
 * makes a missing method a compile error.
 */
export function createApiHandlers(deps: ApiDeps): BroadsheetApi {
  const { core, engine, scheduler } = deps
  const { library } = core
  const folderView = (folderId: string): FolderView => {
    const folder = library.folders().find((f) => f.id === folderId)
    if (!folder) throw new UserError(`no folder with id ${folderId}`)
    return { ...folder, path: library.folderPath(folder.id) }
  }
  const feedsOfFolder = (folderId: string): string[] => {
    folderView(folderId)
    const folders = library.folderAndDescendants(folderId)
    return library
      .feeds()
      .filter((feed) => feed.folderId !== null && folders.has(feed.folderId))
      .map((feed) => feed.id)
  }

  return {
    listFeeds: () => core.feedSummaries(),
    listFolders: async () => library.folders().map((folder) => folderView(folder.id)),
    addFeed: ({ url, folder }) => engine.subscribe(url, { folder }),
    removeFeed: async ({ feedId }) => {
      const { removed, kept } = await core.unsubscribe(feedId)
      return { removed, kept }
    },
    renameFeed: async ({ feedId, title }) => {
      library.requireFeed(feedId)
      return library.updateFeed(feedId, { title: title.trim() })
    },
    moveFeed: async ({ feedId, folder }) => {
      library.requireFeed(feedId)
      const folderId = await library.ensureFolder(folder.split(FOLDER_SEPARATOR))
      return library.updateFeed(feedId, { folderId })
    },
    updateFeedSettings: async ({ feedId, settings }) => {
      const feed = library.requireFeed(feedId)
      const merged = { ...feed.settings, ...settings }
      // null (or undefined) clears a key: an absent key follows the global setting.
      for (const key of Object.keys(merged) as (keyof FeedSettings)[]) {
        if (merged[key] === null || merged[key] === undefined) delete merged[key]
      }
      return library.updateFeed(feedId, { settings: merged as FeedSettings })
    },
    renameFolder: async ({ folderId, title }) => {
      await library.renameFolder(folderId, title)
      return folderView(folderId)
    },
    listArticles: async (query = {}) => {
      if (query.folderId) folderView(query.folderId)
      return core.listArticles(query)
    },
    getArticle: ({ id }) => core.article(id),
    setRead: ({ ids, read }) => core.setRead(ids, read),
    markAllRead: async ({ feedIds, folderId } = {}) => {
      let feeds = feedIds
      if (folderId) {
        const inFolder = feedsOfFolder(folderId)
        feeds = feedIds ? inFolder.filter((id) => feedIds.includes(id)) : inFolder
      }
      return { changed: await core.markAllRead(feeds) }
    },
    setBookmarked: ({ id, bookmarked }) => core.setBookmarked(id, bookmarked),
    search: async (args) => {
      if (!deps.search) throw new UserError('search is not available yet')
      const found = await deps.search(args)
      return { ...found, results: found.results.map((hit) => ({ ...hit, ...core.flags(hit) })) }
    },
    syncNow: (args = {}) => scheduler.request('manual', args.feedIds),
    saveUrl: async ({ url }) => core.article((await engine.save(url)).id),
    importOpml: ({ text }) => core.importOpml(text),
    exportOpml: async () => ({ text: core.exportOpml() }),
    getSettings: async () => library.settings(),
    updateSettings: async (patch) => {
      const settings = await library.updateSettings(patch)
      deps.onSettingsChanged?.(settings)
      return settings
    },
    getStatus: async () => ({
      ...scheduler.status,
      damage: core.damage.map(({ file, keptAt, reason, action }) => ({ file, keptAt, reason, action })),
    }),
  }
}
