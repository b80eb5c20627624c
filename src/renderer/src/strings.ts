/**
 * Every string the reader shows, by the name the components use (`STRINGS.sidebar.unreadCount(3)`); the
 * words themselves are in the catalogs, one per language (src/shared/locales/en.json, ko.json; English is
 * the source), under the same path as key ("sidebar.unreadCount"), in ICU MessageFormat. Each entry here
 * reads the active language when it is read, so a re-render after switching shows the new language.
 *
 * To add a string: add its key and English to en.json, its translation to every other catalog (ko.json),
 * and one entry here — its name in its section's `texts` list for a fixed string, a function calling
 * t(key, params) for one with parameters. Command names are keyed `commands.<id>` (see commandLabel).
 */
import type { CommandId } from '../../shared/commands'
import type { QueryProblemCode } from '../../shared/failure-codes'
import type { MessageKey } from '../../shared/i18n'
import { t } from './locale'

type Params = Record<string, string | number>

/** The names of a catalog section's entries: for 'views', 'all' | 'unread' | 'bookmarks' | 'saved'. */
type NamesIn<Section extends string> = MessageKey extends infer Key
  ? Key extends `${Section}.${infer Name}`
    ? Name
    : never
  : never

/**
 * A section's fixed strings, as getters on `members` (its strings with parameters): `names` are the
 * entries `section.name` of the catalog, each read in the active language every time it is read.
 */
function texts<Section extends string, Name extends NamesIn<Section>, Members extends object = object>(
  section: Section,
  names: readonly Name[],
  members?: Members,
): Members & { readonly [N in Name]: string } {
  const out = members ?? {}
  for (const name of names) {
    // A key of the catalog: Name is one of the section's names.
    const key = `${section}.${name}` as MessageKey
    Object.defineProperty(out, name, { get: () => t(key), enumerable: true, configurable: true })
  }
  return out as Members & { readonly [N in Name]: string }
}

export const STRINGS = {
  get appName() {
    return t('appName')
  },
  views: texts('views', ['all', 'unread', 'bookmarks', 'saved']),
  sidebar: texts('sidebar', ['label', 'feedsHeading', 'feedErrorPrefix'], {
    failed: (message: string) => t('sidebar.failed', { message }),
    unreadCount: (count: number) => t('sidebar.unreadCount', { count }),
    feedError: (message: string) => t('sidebar.feedError', { message }),
    /** What the feed's last sync left out (too many items, an item that could not be built). */
    feedNotice: (notice: string) => t('sidebar.feedNotice', { notice }),
    feedOptions: (title: string) => t('sidebar.feedOptions', { title }),
    folderOptions: (title: string) => t('sidebar.folderOptions', { title }),
    expandFolder: (title: string) => t('sidebar.expandFolder', { title }),
    collapseFolder: (title: string) => t('sidebar.collapseFolder', { title }),
  }),
  feedMenu: texts('feedMenu', ['rename', 'move', 'markAllRead', 'remove']),
  list: texts(
    'list',
    [
      'label',
      'loading',
      'loadingMore',
      'empty',
      'emptyUnread',
      'emptyBookmarks',
      'emptySaved',
      'retry',
      'unreadMark',
      'bookmarkedMark',
    ],
    {
      noResults: (query: string) => t('list.noResults', { query }),
      resultCount: (count: number, exact: boolean) => t('list.resultCount', { count, exact: String(exact) }),
      failed: (message: string) => t('list.failed', { message }),
    },
  ),
  search: texts(
    'search',
    [
      'label',
      'results',
      'placeholder',
      'clear',
      'scope',
      'everywhere',
      'filters',
      'unread',
      'bookmarked',
      'saved',
    ],
    {
      folderOption: (path: string) => t('search.folderOption', { path }),
      failed: (message: string) => t('search.failed', { message }),
      /** Under the field when the query cannot run as typed (the list keeps its last results). */
      problem: (code: QueryProblemCode, params: Params = {}): string => queryProblem(code, params),
    },
  ),
  reader: texts(
    'reader',
    [
      'label',
      'empty',
      'loading',
      'table',
      'openOriginal',
      'bookmark',
      'removeBookmark',
      'markRead',
      'markUnread',
      'previous',
      'next',
      'fromPage',
    ],
    {
      failed: (message: string) => t('reader.failed', { message }),
      by: (author: string) => t('reader.by', { author }),
      fullTextFailed: (message: string) => t('reader.fullTextFailed', { message }),
    },
  ),
  sync: texts('sync', ['refresh', 'syncing', 'neverSynced', 'offline', 'online'], {
    progress: (done: number, total: number) => t('sync.progress', { done, total }),
    lastSynced: (when: string) => t('sync.lastSynced', { when }),
    finished: (count: number) => t('sync.finished', { count }),
    failed: (message: string) => t('sync.failed', { message }),
    feedsFailed: (count: number) => t('sync.feedsFailed', { count }),
  }),
  actions: texts('actions', ['addFeed', 'savePage', 'settings', 'shortcuts', 'cancel', 'close', 'save']),
  addFeed: texts('addFeed', ['title', 'url', 'urlHint', 'folder', 'account', 'submit', 'working', 'anyway'], {
    added: (title: string) => t('addFeed.added', { title }),
    progress: (url: string) => t('addFeed.progress', { url }),
    addedAnyway: (title: string) => t('addFeed.addedAnyway', { title }),
  }),
  savePage: texts('savePage', ['title', 'url', 'hint', 'submit', 'working'], {
    progress: (url: string) => t('savePage.progress', { url }),
  }),
  form: texts('form', ['cancelled']),
  rename: texts('rename', ['title', 'folderTitle', 'name']),
  move: texts('move', ['title', 'folder']),
  remove: texts('remove', ['title', 'submit'], {
    confirm: (title: string) => t('remove.confirm', { title }),
  }),
  feedFullText: texts('feedFullText', ['menu', 'label'], {
    title: (feed: string) => t('feedFullText.title', { feed }),
    global: (mode: string) => t('feedFullText.global', { mode }),
    changed: (feed: string) => t('feedFullText.changed', { feed }),
  }),
  undo: texts('undo', ['button', 'done', 'markedRead', 'markedUnread', 'bookmarked', 'unbookmarked'], {
    markedAllRead: (count: number) => t('undo.markedAllRead', { count }),
    unsubscribed: (feed: string) => t('undo.unsubscribed', { feed }),
    folderDeleted: (folder: string) => t('undo.folderDeleted', { folder }),
  }),
  folders: texts('folders', ['delete', 'moveSelected'], {
    moved: (feed: string, folder: string) =>
      folder ? t('folders.moved', { feed, folder }) : t('folders.movedToTop', { feed }),
  }),
  settingsDiscard: texts('settingsDiscard', ['title', 'message', 'keep', 'discard']),
  settings: texts(
    'settings',
    [
      'title',
      'reading',
      'syncing',
      'subscriptions',
      'theme',
      'language',
      'fontSize',
      'lineWidth',
      'fontFamily',
      'markReadOnOpen',
      'syncInterval',
      'retentionDays',
      'retentionMaxPerFeed',
      'fullTextMode',
      'notifications',
      'importOpml',
      'exportOpml',
      'exported',
      'saved',
    ],
    {
      themes: texts('settings.themes', ['system', 'light', 'dark']),
      get languageSystem() {
        return t('settings.languages.system')
      },
      fonts: texts('settings.fonts', ['serif', 'sans']),
      fullTextModes: texts('settings.fullTextModes', ['auto', 'always', 'never']),
      imported: (added: number, skipped: number) => t('settings.imported', { added, skipped }),
      failed: (message: string) => t('settings.failed', { message }),
    },
  ),
  accounts: texts(
    'accounts',
    [
      'title',
      'intro',
      'local',
      'none',
      'url',
      'urlHint',
      'user',
      'password',
      'test',
      'add',
      'remove',
      'testing',
      'works',
      'added',
      'removed',
      'neverSynced',
    ],
    {
      name: (user: string, host: string) => t('accounts.name', { user, host }),
      removeLabel: (name: string) => t('accounts.removeLabel', { name }),
      lastSync: (ago: string) => t('accounts.lastSync', { ago }),
      pending: (count: number) => t('accounts.pending', { count }),
      error: (message: string) => t('accounts.error', { message }),
      failed: (message: string) => t('accounts.failed', { message }),
    },
  ),
  welcome: texts('welcome', ['title', 'body', 'addFeed', 'importOpml', 'keyboard']),
  shortcuts: texts('shortcuts', ['title', 'key', 'command']),
  splitter: texts('splitter', ['sidebar', 'list']),
  reading: texts('reading', ['noMoreUnread']),
  layout: texts('layout', ['showSidebar', 'hideSidebar']),
  time: texts('time', ['justNow']),
  highlights: texts(
    'highlights',
    [
      'toolbar',
      'addNote',
      'editor',
      'color',
      'note',
      'notePlaceholder',
      'save',
      'remove',
      'close',
      'added',
      'changed',
      'removed',
      'orphaned',
      'viewTitle',
      'viewButton',
      'viewLoading',
      'viewEmpty',
    ],
    {
      colors: texts('highlights.colors', ['yellow', 'green', 'blue', 'pink', 'purple']),
      highlightIn: (color: string) => t('highlights.highlightIn', { color }),
      mark: (text: string, note: string) =>
        note ? t('highlights.markWithNote', { text, note }) : t('highlights.mark', { text }),
      listHeading: (count: number) => t('highlights.listHeading', { count }),
      show: (text: string) => t('highlights.show', { text }),
      viewFailed: (message: string) => t('highlights.viewFailed', { message }),
      openIn: (text: string, title: string) =>
        title ? t('highlights.openIn', { text, title }) : t('highlights.openInUntitled', { text }),
    },
  ),
  exporting: texts(
    'exporting',
    ['format', 'counting', 'nothing', 'submit', 'working', 'showInFolder', 'menu'],
    {
      title: (what: string) => t('exporting.title', { what }),
      formats: texts('exporting.formats', ['md', 'html', 'epub']),
      keeps: texts('exporting.keeps', ['md', 'html', 'epub']),
      count: (count: number) => t('exporting.count', { count }),
      progress: (done: number, total: number) => t('exporting.progress', { done, total }),
      done: (file: string) => t('exporting.done', { file }),
      downloaded: (file: string) => t('exporting.downloaded', { file }),
      searchTitle: (query: string) => t('exporting.searchTitle', { query }),
    },
  ),
  smartFeeds: texts(
    'smartFeeds',
    [
      'heading',
      'saveSearch',
      'saveTitle',
      'name',
      'query',
      'queryHint',
      'save',
      'rename',
      'renameTitle',
      'edit',
      'editTitle',
      'sortNewest',
      'sortBest',
      'moveUp',
      'moveDown',
      'remove',
      'removeTitle',
      'removeSubmit',
      'help',
      'helpTitle',
    ],
    {
      options: (name: string) => t('smartFeeds.options', { name }),
      saved: (name: string) => t('smartFeeds.saved', { name }),
      removeConfirm: (name: string) => t('smartFeeds.removeConfirm', { name }),
      removed: (name: string) => t('smartFeeds.removed', { name }),
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
  ),
  rules: texts(
    'rules',
    [
      'title',
      'intro',
      'none',
      'query',
      'queryHint',
      'scope',
      'everywhere',
      'action',
      'testing',
      'samples',
      'add',
      'update',
      'cancelEdit',
      'added',
      'updated',
      'removed',
      'edit',
      'remove',
    ],
    {
      feedOption: (title: string) => t('rules.feedOption', { title }),
      folderOption: (path: string) => t('rules.folderOption', { path }),
      actions: texts('rules.actions', ['read', 'bookmark', 'hide', 'notify']),
      matches: (count: number, exact: boolean) => t('rules.matches', { count, exact: String(exact) }),
      apply: (count: number) => t('rules.apply', { count }),
      applied: (count: number) => t('rules.applied', { count }),
      editLabel: (query: string) => t('rules.editLabel', { query }),
      removeLabel: (query: string) => t('rules.removeLabel', { query }),
      moveUp: (query: string) => t('rules.moveUp', { query }),
      moveDown: (query: string) => t('rules.moveDown', { query }),
      matched: (count: number) => t('rules.matched', { count }),
      /** Why a rule does nothing now: the feed or folder it names is gone. */
      inactive: (rule: { feed?: string; folder?: string }) =>
        rule.feed ? t('rules.inactiveFeed') : t('rules.inactiveFolder', { folder: rule.folder ?? '' }),
      failed: (message: string) => t('rules.failed', { message }),
    },
  ),
  hidden: texts('hidden', ['unhide', 'notice'], {
    failed: (message: string) => t('hidden.failed', { message }),
  }),
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
