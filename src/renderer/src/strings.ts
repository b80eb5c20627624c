/**
 * Every string the reader shows, by the name the components use (`STRINGS.sidebar.unreadCount(3)`); the
 * words themselves are in the catalogs, one per language (src/shared/locales/en.json, ko.json; English is
 * the source), under the same path as key ("sidebar.unreadCount"), in ICU MessageFormat. Each entry here
 * reads the active language when it is read, so a re-render after switching shows the new language.
 *
 * To add a string: add its key and English to en.json, its translation to every other catalog (ko.json),
 * and one entry here — a getter for a fixed string, a function for one with parameters, both calling
 * t(key, params). Command names are keyed `commands.<id>` (see commandLabel).
 */
import type { CommandId } from '../../shared/commands'
import type { QueryProblemCode } from '../../shared/failure-codes'
import { t } from './locale'

type Params = Record<string, string | number>

export const STRINGS = {
  get appName() {
    return t('appName')
  },
  views: {
    get all() {
      return t('views.all')
    },
    get unread() {
      return t('views.unread')
    },
    get bookmarks() {
      return t('views.bookmarks')
    },
    get saved() {
      return t('views.saved')
    },
  },
  sidebar: {
    get label() {
      return t('sidebar.label')
    },
    get feedsHeading() {
      return t('sidebar.feedsHeading')
    },
    failed: (message: string) => t('sidebar.failed', { message }),
    unreadCount: (count: number) => t('sidebar.unreadCount', { count }),
    feedError: (message: string) => t('sidebar.feedError', { message }),
    get feedErrorPrefix() {
      return t('sidebar.feedErrorPrefix')
    },
    /** What the feed's last sync left out (too many items, an item that could not be built). */
    feedNotice: (notice: string) => t('sidebar.feedNotice', { notice }),
    feedOptions: (title: string) => t('sidebar.feedOptions', { title }),
    folderOptions: (title: string) => t('sidebar.folderOptions', { title }),
    expandFolder: (title: string) => t('sidebar.expandFolder', { title }),
    collapseFolder: (title: string) => t('sidebar.collapseFolder', { title }),
  },
  feedMenu: {
    get rename() {
      return t('feedMenu.rename')
    },
    get move() {
      return t('feedMenu.move')
    },
    get markAllRead() {
      return t('feedMenu.markAllRead')
    },
    get remove() {
      return t('feedMenu.remove')
    },
  },
  list: {
    get label() {
      return t('list.label')
    },
    get loading() {
      return t('list.loading')
    },
    get loadingMore() {
      return t('list.loadingMore')
    },
    get empty() {
      return t('list.empty')
    },
    get emptyUnread() {
      return t('list.emptyUnread')
    },
    get emptyBookmarks() {
      return t('list.emptyBookmarks')
    },
    get emptySaved() {
      return t('list.emptySaved')
    },
    noResults: (query: string) => t('list.noResults', { query }),
    resultCount: (count: number, exact: boolean) => t('list.resultCount', { count, exact: String(exact) }),
    failed: (message: string) => t('list.failed', { message }),
    get retry() {
      return t('list.retry')
    },
    get unreadMark() {
      return t('list.unreadMark')
    },
    get bookmarkedMark() {
      return t('list.bookmarkedMark')
    },
  },
  search: {
    get label() {
      return t('search.label')
    },
    get results() {
      return t('search.results')
    },
    get placeholder() {
      return t('search.placeholder')
    },
    get clear() {
      return t('search.clear')
    },
    get scope() {
      return t('search.scope')
    },
    get everywhere() {
      return t('search.everywhere')
    },
    folderOption: (path: string) => t('search.folderOption', { path }),
    get filters() {
      return t('search.filters')
    },
    get unread() {
      return t('search.unread')
    },
    get bookmarked() {
      return t('search.bookmarked')
    },
    get saved() {
      return t('search.saved')
    },
    failed: (message: string) => t('search.failed', { message }),
    /** Under the field when the query cannot run as typed (the list keeps its last results). */
    problem: (code: QueryProblemCode, params: Params = {}): string => queryProblem(code, params),
  },
  reader: {
    get label() {
      return t('reader.label')
    },
    get empty() {
      return t('reader.empty')
    },
    get loading() {
      return t('reader.loading')
    },
    failed: (message: string) => t('reader.failed', { message }),
    by: (author: string) => t('reader.by', { author }),
    /** A table's box that scrolls sideways, to a screen reader (a table with a caption is named by it). */
    get table() {
      return t('reader.table')
    },
    get openOriginal() {
      return t('reader.openOriginal')
    },
    get bookmark() {
      return t('reader.bookmark')
    },
    get removeBookmark() {
      return t('reader.removeBookmark')
    },
    get markRead() {
      return t('reader.markRead')
    },
    get markUnread() {
      return t('reader.markUnread')
    },
    get previous() {
      return t('reader.previous')
    },
    get next() {
      return t('reader.next')
    },
    get fromPage() {
      return t('reader.fromPage')
    },
    fullTextFailed: (message: string) => t('reader.fullTextFailed', { message }),
  },
  sync: {
    get refresh() {
      return t('sync.refresh')
    },
    get syncing() {
      return t('sync.syncing')
    },
    progress: (done: number, total: number) => t('sync.progress', { done, total }),
    lastSynced: (when: string) => t('sync.lastSynced', { when }),
    get neverSynced() {
      return t('sync.neverSynced')
    },
    finished: (count: number) => t('sync.finished', { count }),
    failed: (message: string) => t('sync.failed', { message }),
    feedsFailed: (count: number) => t('sync.feedsFailed', { count }),
    get offline() {
      return t('sync.offline')
    },
    get online() {
      return t('sync.online')
    },
  },
  actions: {
    get addFeed() {
      return t('actions.addFeed')
    },
    get savePage() {
      return t('actions.savePage')
    },
    get settings() {
      return t('actions.settings')
    },
    get shortcuts() {
      return t('actions.shortcuts')
    },
    get cancel() {
      return t('actions.cancel')
    },
    get close() {
      return t('actions.close')
    },
    get save() {
      return t('actions.save')
    },
  },
  addFeed: {
    get title() {
      return t('addFeed.title')
    },
    get url() {
      return t('addFeed.url')
    },
    get urlHint() {
      return t('addFeed.urlHint')
    },
    get folder() {
      return t('addFeed.folder')
    },
    get account() {
      return t('addFeed.account')
    },
    get submit() {
      return t('addFeed.submit')
    },
    get working() {
      return t('addFeed.working')
    },
    added: (title: string) => t('addFeed.added', { title }),
    progress: (url: string) => t('addFeed.progress', { url }),
    get anyway() {
      return t('addFeed.anyway')
    },
    addedAnyway: (title: string) => t('addFeed.addedAnyway', { title }),
  },
  savePage: {
    get title() {
      return t('savePage.title')
    },
    get url() {
      return t('savePage.url')
    },
    get hint() {
      return t('savePage.hint')
    },
    get submit() {
      return t('savePage.submit')
    },
    get working() {
      return t('savePage.working')
    },
    progress: (url: string) => t('savePage.progress', { url }),
  },
  form: {
    get cancelled() {
      return t('form.cancelled')
    },
  },
  rename: {
    get title() {
      return t('rename.title')
    },
    get folderTitle() {
      return t('rename.folderTitle')
    },
    get name() {
      return t('rename.name')
    },
  },
  move: {
    get title() {
      return t('move.title')
    },
    get folder() {
      return t('move.folder')
    },
  },
  remove: {
    get title() {
      return t('remove.title')
    },
    confirm: (title: string) => t('remove.confirm', { title }),
    get submit() {
      return t('remove.submit')
    },
  },
  feedFullText: {
    get menu() {
      return t('feedFullText.menu')
    },
    title: (feed: string) => t('feedFullText.title', { feed }),
    get label() {
      return t('feedFullText.label')
    },
    global: (mode: string) => t('feedFullText.global', { mode }),
    changed: (feed: string) => t('feedFullText.changed', { feed }),
  },
  undo: {
    get button() {
      return t('undo.button')
    },
    get done() {
      return t('undo.done')
    },
    markedAllRead: (count: number) => t('undo.markedAllRead', { count }),
    get markedRead() {
      return t('undo.markedRead')
    },
    get markedUnread() {
      return t('undo.markedUnread')
    },
    get bookmarked() {
      return t('undo.bookmarked')
    },
    get unbookmarked() {
      return t('undo.unbookmarked')
    },
    unsubscribed: (feed: string) => t('undo.unsubscribed', { feed }),
    folderDeleted: (folder: string) => t('undo.folderDeleted', { folder }),
  },
  folders: {
    get delete() {
      return t('folders.delete')
    },
    get moveSelected() {
      return t('folders.moveSelected')
    },
    moved: (feed: string, folder: string) =>
      folder ? t('folders.moved', { feed, folder }) : t('folders.movedToTop', { feed }),
  },
  settingsDiscard: {
    get title() {
      return t('settingsDiscard.title')
    },
    get message() {
      return t('settingsDiscard.message')
    },
    get keep() {
      return t('settingsDiscard.keep')
    },
    get discard() {
      return t('settingsDiscard.discard')
    },
  },
  settings: {
    get title() {
      return t('settings.title')
    },
    get reading() {
      return t('settings.reading')
    },
    get syncing() {
      return t('settings.syncing')
    },
    get subscriptions() {
      return t('settings.subscriptions')
    },
    get theme() {
      return t('settings.theme')
    },
    themes: {
      get system() {
        return t('settings.themes.system')
      },
      get light() {
        return t('settings.themes.light')
      },
      get dark() {
        return t('settings.themes.dark')
      },
    },
    get language() {
      return t('settings.language')
    },
    get languageSystem() {
      return t('settings.languages.system')
    },
    get fontSize() {
      return t('settings.fontSize')
    },
    get lineWidth() {
      return t('settings.lineWidth')
    },
    get fontFamily() {
      return t('settings.fontFamily')
    },
    fonts: {
      get serif() {
        return t('settings.fonts.serif')
      },
      get sans() {
        return t('settings.fonts.sans')
      },
    },
    get markReadOnOpen() {
      return t('settings.markReadOnOpen')
    },
    get syncInterval() {
      return t('settings.syncInterval')
    },
    get retentionDays() {
      return t('settings.retentionDays')
    },
    get retentionMaxPerFeed() {
      return t('settings.retentionMaxPerFeed')
    },
    get fullTextMode() {
      return t('settings.fullTextMode')
    },
    fullTextModes: {
      get auto() {
        return t('settings.fullTextModes.auto')
      },
      get always() {
        return t('settings.fullTextModes.always')
      },
      get never() {
        return t('settings.fullTextModes.never')
      },
    },
    get notifications() {
      return t('settings.notifications')
    },
    get importOpml() {
      return t('settings.importOpml')
    },
    get exportOpml() {
      return t('settings.exportOpml')
    },
    imported: (added: number, skipped: number) => t('settings.imported', { added, skipped }),
    get exported() {
      return t('settings.exported')
    },
    get saved() {
      return t('settings.saved')
    },
    failed: (message: string) => t('settings.failed', { message }),
  },
  accounts: {
    get title() {
      return t('accounts.title')
    },
    get intro() {
      return t('accounts.intro')
    },
    get local() {
      return t('accounts.local')
    },
    name: (user: string, host: string) => t('accounts.name', { user, host }),
    get none() {
      return t('accounts.none')
    },
    get url() {
      return t('accounts.url')
    },
    get urlHint() {
      return t('accounts.urlHint')
    },
    get user() {
      return t('accounts.user')
    },
    get password() {
      return t('accounts.password')
    },
    get test() {
      return t('accounts.test')
    },
    get add() {
      return t('accounts.add')
    },
    get remove() {
      return t('accounts.remove')
    },
    removeLabel: (name: string) => t('accounts.removeLabel', { name }),
    get testing() {
      return t('accounts.testing')
    },
    get works() {
      return t('accounts.works')
    },
    get added() {
      return t('accounts.added')
    },
    get removed() {
      return t('accounts.removed')
    },
    lastSync: (ago: string) => t('accounts.lastSync', { ago }),
    get neverSynced() {
      return t('accounts.neverSynced')
    },
    pending: (count: number) => t('accounts.pending', { count }),
    error: (message: string) => t('accounts.error', { message }),
    failed: (message: string) => t('accounts.failed', { message }),
  },
  welcome: {
    get title() {
      return t('welcome.title')
    },
    get body() {
      return t('welcome.body')
    },
    get addFeed() {
      return t('welcome.addFeed')
    },
    get importOpml() {
      return t('welcome.importOpml')
    },
    get keyboard() {
      return t('welcome.keyboard')
    },
  },
  shortcuts: {
    get title() {
      return t('shortcuts.title')
    },
    get key() {
      return t('shortcuts.key')
    },
    get command() {
      return t('shortcuts.command')
    },
  },
  splitter: {
    get sidebar() {
      return t('splitter.sidebar')
    },
    get list() {
      return t('splitter.list')
    },
  },
  reading: {
    get noMoreUnread() {
      return t('reading.noMoreUnread')
    },
  },
  layout: {
    get showSidebar() {
      return t('layout.showSidebar')
    },
    get hideSidebar() {
      return t('layout.hideSidebar')
    },
  },
  time: {
    get justNow() {
      return t('time.justNow')
    },
  },
  highlights: {
    get toolbar() {
      return t('highlights.toolbar')
    },
    colors: {
      get yellow() {
        return t('highlights.colors.yellow')
      },
      get green() {
        return t('highlights.colors.green')
      },
      get blue() {
        return t('highlights.colors.blue')
      },
      get pink() {
        return t('highlights.colors.pink')
      },
      get purple() {
        return t('highlights.colors.purple')
      },
    },
    highlightIn: (color: string) => t('highlights.highlightIn', { color }),
    get addNote() {
      return t('highlights.addNote')
    },
    mark: (text: string, note: string) =>
      note ? t('highlights.markWithNote', { text, note }) : t('highlights.mark', { text }),
    get editor() {
      return t('highlights.editor')
    },
    get color() {
      return t('highlights.color')
    },
    get note() {
      return t('highlights.note')
    },
    get notePlaceholder() {
      return t('highlights.notePlaceholder')
    },
    get save() {
      return t('highlights.save')
    },
    get remove() {
      return t('highlights.remove')
    },
    get close() {
      return t('highlights.close')
    },
    get added() {
      return t('highlights.added')
    },
    get changed() {
      return t('highlights.changed')
    },
    get removed() {
      return t('highlights.removed')
    },
    listHeading: (count: number) => t('highlights.listHeading', { count }),
    get orphaned() {
      return t('highlights.orphaned')
    },
    show: (text: string) => t('highlights.show', { text }),
    get viewTitle() {
      return t('highlights.viewTitle')
    },
    get viewButton() {
      return t('highlights.viewButton')
    },
    get viewLoading() {
      return t('highlights.viewLoading')
    },
    get viewEmpty() {
      return t('highlights.viewEmpty')
    },
    viewFailed: (message: string) => t('highlights.viewFailed', { message }),
    openIn: (text: string, title: string) =>
      title ? t('highlights.openIn', { text, title }) : t('highlights.openInUntitled', { text }),
  },
  exporting: {
    title: (what: string) => t('exporting.title', { what }),
    get format() {
      return t('exporting.format')
    },
    formats: {
      get md() {
        return t('exporting.formats.md')
      },
      get html() {
        return t('exporting.formats.html')
      },
      get epub() {
        return t('exporting.formats.epub')
      },
    },
    keeps: {
      get md() {
        return t('exporting.keeps.md')
      },
      get html() {
        return t('exporting.keeps.html')
      },
      get epub() {
        return t('exporting.keeps.epub')
      },
    },
    get counting() {
      return t('exporting.counting')
    },
    count: (count: number) => t('exporting.count', { count }),
    get nothing() {
      return t('exporting.nothing')
    },
    get submit() {
      return t('exporting.submit')
    },
    get working() {
      return t('exporting.working')
    },
    progress: (done: number, total: number) => t('exporting.progress', { done, total }),
    done: (file: string) => t('exporting.done', { file }),
    downloaded: (file: string) => t('exporting.downloaded', { file }),
    get showInFolder() {
      return t('exporting.showInFolder')
    },
    searchTitle: (query: string) => t('exporting.searchTitle', { query }),
    get menu() {
      return t('exporting.menu')
    },
  },
  smartFeeds: {
    get heading() {
      return t('smartFeeds.heading')
    },
    options: (name: string) => t('smartFeeds.options', { name }),
    get saveSearch() {
      return t('smartFeeds.saveSearch')
    },
    get saveTitle() {
      return t('smartFeeds.saveTitle')
    },
    get name() {
      return t('smartFeeds.name')
    },
    get query() {
      return t('smartFeeds.query')
    },
    get queryHint() {
      return t('smartFeeds.queryHint')
    },
    get save() {
      return t('smartFeeds.save')
    },
    saved: (name: string) => t('smartFeeds.saved', { name }),
    get rename() {
      return t('smartFeeds.rename')
    },
    get renameTitle() {
      return t('smartFeeds.renameTitle')
    },
    get edit() {
      return t('smartFeeds.edit')
    },
    get editTitle() {
      return t('smartFeeds.editTitle')
    },
    get sortNewest() {
      return t('smartFeeds.sortNewest')
    },
    get sortBest() {
      return t('smartFeeds.sortBest')
    },
    get moveUp() {
      return t('smartFeeds.moveUp')
    },
    get moveDown() {
      return t('smartFeeds.moveDown')
    },
    get remove() {
      return t('smartFeeds.remove')
    },
    get removeTitle() {
      return t('smartFeeds.removeTitle')
    },
    removeConfirm: (name: string) => t('smartFeeds.removeConfirm', { name }),
    get removeSubmit() {
      return t('smartFeeds.removeSubmit')
    },
    removed: (name: string) => t('smartFeeds.removed', { name }),
    get help() {
      return t('smartFeeds.help')
    },
    get helpTitle() {
      return t('smartFeeds.helpTitle')
    },
    /** The search field's help: the query language's examples (as typed: never translated), and what each finds. */
    get helpItems(): readonly (readonly [string, string])[] {
      return [
        ['flood warning', t('smartFeeds.helpItems.words')],
        ['"flood warning"', t('smartFeeds.helpItems.phrase')],
        ['-sport', t('smartFeeds.helpItems.exclude')],
        ['econom*', t('smartFeeds.helpItems.prefix')],
        ['title:flood  author:ada  source:gazette  note:todo', t('smartFeeds.helpItems.fields')],
        ['is:unread  is:read  is:bookmarked  is:saved  is:hidden', t('smartFeeds.helpItems.is')],
        ['feed:"The Verge"  -feed:bbc', t('smartFeeds.helpItems.feed')],
        ['folder:News  folder:"World News"  folder:News/World', t('smartFeeds.helpItems.folder')],
        ['after:2026-11-01  before:7d', t('smartFeeds.helpItems.dates')],
      ]
    },
  },
  rules: {
    get title() {
      return t('rules.title')
    },
    get intro() {
      return t('rules.intro')
    },
    get none() {
      return t('rules.none')
    },
    get query() {
      return t('rules.query')
    },
    get queryHint() {
      return t('rules.queryHint')
    },
    get scope() {
      return t('rules.scope')
    },
    get everywhere() {
      return t('rules.everywhere')
    },
    feedOption: (title: string) => t('rules.feedOption', { title }),
    folderOption: (path: string) => t('rules.folderOption', { path }),
    get action() {
      return t('rules.action')
    },
    actions: {
      get read() {
        return t('rules.actions.read')
      },
      get bookmark() {
        return t('rules.actions.bookmark')
      },
      get hide() {
        return t('rules.actions.hide')
      },
      get notify() {
        return t('rules.actions.notify')
      },
    },
    get testing() {
      return t('rules.testing')
    },
    matches: (count: number, exact: boolean) => t('rules.matches', { count, exact: String(exact) }),
    get samples() {
      return t('rules.samples')
    },
    get add() {
      return t('rules.add')
    },
    get update() {
      return t('rules.update')
    },
    get cancelEdit() {
      return t('rules.cancelEdit')
    },
    apply: (count: number) => t('rules.apply', { count }),
    applied: (count: number) => t('rules.applied', { count }),
    get added() {
      return t('rules.added')
    },
    get updated() {
      return t('rules.updated')
    },
    get removed() {
      return t('rules.removed')
    },
    get edit() {
      return t('rules.edit')
    },
    editLabel: (query: string) => t('rules.editLabel', { query }),
    get remove() {
      return t('rules.remove')
    },
    removeLabel: (query: string) => t('rules.removeLabel', { query }),
    moveUp: (query: string) => t('rules.moveUp', { query }),
    moveDown: (query: string) => t('rules.moveDown', { query }),
    matched: (count: number) => t('rules.matched', { count }),
    /** Why a rule does nothing now: the feed or folder it names is gone. */
    inactive: (rule: { feed?: string; folder?: string }) =>
      rule.feed ? t('rules.inactiveFeed') : t('rules.inactiveFolder', { folder: rule.folder ?? '' }),
    failed: (message: string) => t('rules.failed', { message }),
  },
  hidden: {
    get unhide() {
      return t('hidden.unhide')
    },
    get notice() {
      return t('hidden.notice')
    },
    failed: (message: string) => t('hidden.failed', { message }),
  },
}

/** A coded query problem, worded (a parameter the core left out reads as the English default did). */
function queryProblem(code: QueryProblemCode, params: Params): string {
  const {
    sign = '-',
    field = 'title:',
    words = '',
    word = '',
    min = 2,
    filter = '',
    date = '',
    folder = '',
    feed = '',
  } = params
  const filled = { ...params, sign, field, words, word, min, filter, date, folder, feed }
  return t(`queryProblems.${code}`, filled)
}

/** A command's name as menus, buttons and the shortcuts sheet show it (the catalogs' `commands.<id>`). */
export function commandLabel(id: CommandId): string {
  return t(`commands.${id}`)
}
