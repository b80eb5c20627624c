import type { BroadsheetApi } from '../../../shared/contract'
import type { Broadsheet } from '../broadsheet'

/**
 * The contract's one implementation, shared by the Electron IPC layer and the browser preview so the two
 * cannot drift: each request is one operation of a service. Arguments arrive already validated (see
 * callApi); typing the result as BroadsheetApi makes a missing method a compile error.
 */
export function createApiHandlers(core: Broadsheet): BroadsheetApi {
  const { subscriptions, articles, flags, settings, search, sync, accounts } = core
  return {
    listFeeds: () => subscriptions.summaries(),
    listFolders: async () => subscriptions.folders(),
    addFeed: ({ url, folder, account }) => subscriptions.subscribe(url, { folder, account }),
    removeFeed: async ({ feedId }) => {
      const { removed, kept } = await subscriptions.unsubscribe(feedId)
      return { removed, kept }
    },
    renameFeed: async ({ feedId, title }) => subscriptions.rename(feedId, title),
    moveFeed: async ({ feedId, folder }) => subscriptions.move(feedId, folder),
    updateFeedSettings: async ({ feedId, settings: patch }) =>
      subscriptions.updateFeedSettings(feedId, patch),
    renameFolder: ({ folderId, title }) => subscriptions.renameFolder(folderId, title),
    listArticles: (query = {}) => articles.list(query),
    getArticle: ({ id }) => articles.open(id),
    setRead: ({ ids, read }) => flags.setRead(ids, read),
    markAllRead: async (scope = {}) => ({ changed: await flags.markAllRead(subscriptions.scope(scope)) }),
    setBookmarked: ({ id, bookmarked }) => flags.setBookmarked(id, bookmarked),
    search: (args) => search.search(args),
    syncNow: (args = {}) => sync.request(args.feedIds),
    saveUrl: async ({ url }) => articles.open((await sync.save(url)).id),
    importOpml: ({ text }) => subscriptions.importOpml(text),
    exportOpml: async () => ({ text: subscriptions.exportOpml() }),
    getSettings: async () => settings.get(),
    updateSettings: (patch) => settings.update(patch),
    getStatus: async () => ({
      ...sync.status(),
      damage: core.damage.map(({ file, keptAt, reason, action }) => ({ file, keptAt, reason, action })),
    }),
    listAccounts: () => accounts.summaries(),
    addAccount: (args) => accounts.add(args),
    testAccount: async (args) => {
      await accounts.test(args)
      return { ok: true }
    },
    removeAccount: ({ accountId }) => accounts.remove(accountId),
  }
}
