import type { BroadsheetApi } from '../../../shared/contract'
import type { Broadsheet } from '../broadsheet'
import { UndoJournal } from './undo-journal'
import { UserError } from '../errors'
import { NO_EXPORT_TARGET, previewExport, runExport, type ExportTarget } from '../export/export-target'

/** What a transport adds to the shared handlers. */
export interface ApiHandlerOptions {
  /** Where exports are written: the app's save dialog, the preview's downloads (refused without one). */
  exportTarget?: ExportTarget
}

/**
 * The contract's one implementation, shared by the Electron IPC layer and the browser preview so the two
 * cannot drift: each request is one operation of a service. Arguments arrive already validated (see
 * callApi); typing the result as BroadsheetApi makes a missing method a compile error.
 */
export function createApiHandlers(core: Broadsheet, options: ApiHandlerOptions = {}): BroadsheetApi {
  const exportTarget = options.exportTarget ?? NO_EXPORT_TARGET
  const { subscriptions, articles, flags, settings, search, sync, accounts, highlights, smart, rules } = core
  const journal = new UndoJournal()
  // The requests that may be cancelled, by the id their caller gave.
  const running = new Map<string, AbortController>()
  const cancellable = async <T>(requestId: string | undefined, work: (signal: AbortSignal) => Promise<T>) => {
    const controller = new AbortController()
    if (requestId) running.set(requestId, controller)
    try {
      return await work(controller.signal)
    } finally {
      if (requestId && running.get(requestId) === controller) running.delete(requestId)
    }
  }
  return {
    listFeeds: () => subscriptions.summaries(),
    savedPageCounts: () => subscriptions.savedCounts(),
    listFolders: async () => subscriptions.folders(),
    addFeed: ({ url, folder, account, anyway, requestId }) =>
      cancellable(requestId, (signal) => subscriptions.subscribe(url, { folder, account, anyway, signal })),
    cancelRequest: async ({ requestId }) => {
      running.get(requestId)?.abort(new UserError('cancelled'))
    },
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
    markAllRead: async ({ smartFeedId, bookmarked, ...scope } = {}) => {
      // A smart feed: every article its search matches now (not only the rows a list has loaded).
      const only = smartFeedId
        ? new Set(await smart.unreadIds(smartFeedId))
        : bookmarked
          ? flags.bookmarkedIds()
          : undefined
      const { changed, undo } = await flags.markAllReadUndoably(subscriptions.scope(scope), only)
      return { changed, undo: journal.keep(undo) }
    },
    setBookmarked: ({ id, bookmarked }) => flags.setBookmarked(id, bookmarked),
    search: (args) => search.search(args),
    syncNow: (args = {}) => sync.request(args.feedIds),
    saveUrl: ({ url, requestId }) =>
      cancellable(requestId, async (signal) => articles.open((await sync.save(url, signal)).id)),
    importOpml: ({ text }) => subscriptions.importOpml(text),
    exportOpml: async () => ({ text: await subscriptions.exportOpml() }),
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
    listHighlights: (args = {}) => highlights.list(args.articleId),
    addHighlight: ({ articleId, start, end, text, color, note }) =>
      highlights.add({ articleId, start, end, expect: text }, { color, note }),
    updateHighlight: ({ id, note, color }) => highlights.update(id, { note, color }),
    removeHighlight: ({ id }) => highlights.remove(id),
    restoreHighlight: ({ highlight }) => highlights.restore(highlight),
    exportPreview: ({ source, format }) => previewExport(core.exports, source, format),
    exportArticles: (args) =>
      cancellable(args.requestId, (signal) =>
        runExport({ exports: core.exports, events: core.events, target: exportTarget }, args, signal),
      ),
    revealExport: ({ receipt }) => exportTarget.reveal(receipt),
    listSmartFeeds: () => smart.list(),
    addSmartFeed: ({ name, query, sort }) => smart.add(name, query, sort),
    updateSmartFeed: ({ id, ...change }) => smart.update(id, change),
    removeSmartFeed: async ({ id }) => ({ undo: journal.keep(await smart.removeUndoably(id)) }),
    moveSmartFeed: ({ id, index }) => smart.move(id, index),
    listSmartFeed: ({ id, ...page }) => smart.articles(id, page),
    listRules: () => rules.list(),
    addRule: (input) => rules.add(input),
    updateRule: ({ id, ...change }) => rules.update(id, change),
    removeRule: async ({ id }) => void (await rules.remove(id)),
    moveRule: ({ id, index }) => rules.move(id, index),
    testRule: (input) => rules.test(input),
    applyRule: async ({ id }) => ({ count: await rules.apply(id) }),
    setHidden: ({ ids, hidden }) => flags.setHidden(ids, hidden),
  }
}
