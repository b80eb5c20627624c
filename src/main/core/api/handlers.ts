import type { BroadsheetApi } from '../../../shared/contract'
import type { Broadsheet } from '../broadsheet'
import { UndoJournal } from './undo-journal'

/**
 * The contract's one implementation, shared by the Electron IPC layer and the browser preview so the two
 * cannot drift: each request is one operation of a service. Arguments arrive already validated (see
 * callApi); typing the result as BroadsheetApi makes a missing method a compile error.
 */
export function createApiHandlers(core: Broadsheet): BroadsheetApi {
  const { subscriptions, articles, flags, settings, search, sync, accounts, highlights } = core
  const journal = new UndoJournal()
  return {
    listFeeds: () => subscriptions.summaries(),
    listFolders: async () => subscriptions.folders(),
    addFeed: ({ url, folder, account }) => subscriptions.subscribe(url, { folder, account }),
    removeFeed: async ({ feedId }) => {
      const { removed, kept, undo } = await subscriptions.unsubscribe(feedId, { undoable: true })
      return { removed, kept, ...(undo ? { undo: journal.keep(undo) } : {}) }
    },
    renameFeed: async ({ feedId, title }) => subscriptions.rename(feedId, title),
    moveFeed: async ({ feedId, folder }) => subscriptions.move(feedId, folder),
    updateFeedSettings: async ({ feedId, settings: patch }) =>
      subscriptions.updateFeedSettings(feedId, patch),
    renameFolder: ({ folderId, title }) => subscriptions.renameFolder(folderId, title),
    deleteFolder: async ({ folderId }) => {
      const { moved, undo } = await subscriptions.deleteFolder(folderId)
      return { moved, undo: journal.keep(undo) }
    },
    undo: ({ token }) => journal.undo(token),
    listArticles: (query = {}) => articles.list(query),
    getArticle: ({ id }) => articles.open(id),
    setRead: ({ ids, read }) => flags.setRead(ids, read),
    markAllRead: async (scope = {}) => {
      const { changed, undo } = await flags.markAllReadUndoably(subscriptions.scope(scope))
      return { changed, undo: journal.keep(undo) }
    },
    setBookmarked: ({ id, bookmarked }) => flags.setBookmarked(id, bookmarked),
    search: (args) => search.search(args),
    syncNow: (args = {}) => sync.request(args.feedIds),
    saveUrl: async ({ url }) => articles.open((await sync.save(url)).id),
    importOpml: ({ text }) => subscriptions.importOpml(text),
    exportOpml: async () => ({ text: subscriptions.exportOpml() }),
    getSettings: async () => settings.get(),
    updateSettings: (patch) => settings.update(patch),
    getStatus: async () => ({
      ...sync.schedule.status,
      damage: core.damage.map(({ file, keptAt, reason, action }) => ({ file, keptAt, reason, action })),
    }),
    listAccounts: () => accounts.summaries(),
    addAccount: (args) => accounts.add(args),
    testAccount: async (args) => {
      await accounts.test(args)
      return { ok: true }
    },
    removeAccount: ({ accountId }) => accounts.remove(accountId),
    listHighlights: (args = {}) => highlights.list(args.articleId),
    addHighlight: ({ articleId, start, end, text, color, note }) =>
      highlights.add({ articleId, start, end, expect: text }, { color, note }),
    updateHighlight: ({ id, note, color }) => highlights.update(id, { note, color }),
    removeHighlight: ({ id }) => highlights.remove(id),
    restoreHighlight: ({ highlight }) => highlights.restore(highlight),
  }
}
