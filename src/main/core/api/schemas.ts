import { z } from 'zod'
import {
  EXPORT_FORMATS,
  RULE_ACTIONS,
  SEARCH_PAGE_MAX,
  type ApiArgs,
  type ApiMethod,
} from '../../../shared/contract'
import { UserError } from '../errors'
import { highlightSchema } from '../highlights/highlights-file'
import { MAX_NOTE_LENGTH } from '../highlights/highlights'
import { HIGHLIGHT_COLORS } from '../../../shared/types'
import { feedSettingsSchema, settingsSchema } from '../store/config-schema'

/**
 * The schema of each contract method's argument. Whatever arrives over IPC or HTTP is untrusted (a
 * compromised renderer, a stray local request): it is parsed here, strictly (unknown keys refused,
 * strings and lists bounded), before any of it reaches core. The `satisfies` below fails to compile when a
 * method has no schema or a schema disagrees with the contract's argument type.
 */

const id = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'expected an id')
const ids = z.array(id).max(100_000)
const url = z.string().min(1).max(8192)
const folderPath = z.string().max(1024)
const title = z.string().trim().min(1, 'expected a non-empty title').max(1024)
const isoDate = z
  .string()
  .max(64)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO date')
const count = (max: number) => z.number().int().min(0).max(max)
const none = z.strictObject({}).optional()
// A server's address, a user and a password (never echoed back in a message).
const signIn = z.strictObject({
  url,
  user: z.string().trim().min(1, 'expected a user name').max(256),
  password: z.string().min(1, 'expected a password').max(4096),
})

// A smart feed's name and query (the service says what is wrong with one in words; these only bound them).
const smartName = z.string().max(1024)
const smartQuery = z.string().max(4096)
const smartSort = z.enum(['newest', 'best'])

// The stored settings' own bounds (config.json is validated against the same schema).
const settingsPatch = z.strictObject(settingsSchema.shape).partial()

const articleQuery = z.strictObject({
  feedIds: ids.optional(),
  folderId: id.optional(),
  unread: z.boolean().optional(),
  bookmarked: z.boolean().optional(),
  saved: z.boolean().optional(),
  hidden: z.boolean().optional(),
  before: z.number().finite().optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
})

const listFilters = articleQuery.pick({
  feedIds: true,
  folderId: true,
  unread: true,
  bookmarked: true,
  saved: true,
})
// Only what to export: where it goes is the shell's save dialog's (or the preview's) to say.
const exportSource = z.union([
  z.strictObject({ articleIds: ids.min(1, 'expected at least one article') }),
  z.strictObject({ list: listFilters }),
  z.strictObject({
    search: listFilters.extend({
      query: z.string().trim().min(1, 'expected a search').max(4096),
      since: isoDate.optional(),
      until: isoDate.optional(),
    }),
  }),
  z.strictObject({ smartFeedId: id }),
])
const exportFormat = z.enum(EXPORT_FORMATS)
const ruleQuery = z.string().trim().min(1, 'expected a query').max(500)
const ruleFolder = z.string().trim().min(1).max(500)
const ruleScope = { feed: id.optional(), folder: ruleFolder.optional() }

export const API_SCHEMAS = {
  listFeeds: none,
  listFolders: none,
  addFeed: z.strictObject({
    url,
    folder: folderPath.optional(),
    account: id.optional(),
    anyway: z.boolean().optional(),
    requestId: id.optional(),
  }),
  cancelRequest: z.strictObject({ requestId: id }),
  savedPageCounts: none,
  removeFeed: z.strictObject({ feedId: id }),
  renameFeed: z.strictObject({ feedId: id, title }),
  moveFeed: z.strictObject({ feedId: id, folder: folderPath }),
  updateFeedSettings: z.strictObject({
    feedId: id,
    // null returns a key to the global setting.
    settings: z.strictObject({
      fullText: feedSettingsSchema.shape.fullText.unwrap().nullable().optional(),
      notify: feedSettingsSchema.shape.notify.unwrap().nullable().optional(),
    }),
  }),
  renameFolder: z.strictObject({ folderId: id, title }),
  deleteFolder: z.strictObject({ folderId: id }),
  undo: z.strictObject({ token: id }),
  listArticles: articleQuery.optional(),
  getArticle: z.strictObject({ id }),
  setRead: z.strictObject({ ids, read: z.boolean() }),
  markAllRead: z
    .strictObject({
      feedIds: ids.optional(),
      folderId: id.optional(),
      smartFeedId: id.optional(),
      bookmarked: z.boolean().optional(),
    })
    .optional(),
  setBookmarked: z.strictObject({ id, bookmarked: z.boolean() }),
  search: z.strictObject({
    query: z.string().max(4096),
    limit: z.number().int().min(1).max(SEARCH_PAGE_MAX).optional(),
    offset: count(1_000_000).optional(),
    feedIds: ids.optional(),
    folderId: id.optional(),
    unread: z.boolean().optional(),
    bookmarked: z.boolean().optional(),
    saved: z.boolean().optional(),
    since: isoDate.optional(),
    until: isoDate.optional(),
  }),
  syncNow: z.strictObject({ feedIds: ids.optional() }).optional(),
  saveUrl: z.strictObject({ url, requestId: id.optional() }),
  // An OPML file of thousands of feeds is a few MB; anything far beyond is not a subscription list.
  importOpml: z.strictObject({ text: z.string().max(20 * 1024 * 1024) }),
  exportOpml: none,
  getSettings: none,
  updateSettings: settingsPatch,
  getStatus: none,
  listAccounts: none,
  addAccount: signIn,
  testAccount: signIn,
  removeAccount: z.strictObject({ accountId: id }),
  listHighlights: z.strictObject({ articleId: id.optional() }).optional(),
  addHighlight: z.strictObject({
    articleId: id,
    start: count(100_000_000),
    end: count(100_000_000),
    text: z.string().min(1).max(100_000).optional(),
    color: z.enum(HIGHLIGHT_COLORS).optional(),
    note: z.string().max(MAX_NOTE_LENGTH).optional(),
  }),
  updateHighlight: z.strictObject({
    id,
    color: z.enum(HIGHLIGHT_COLORS).optional(),
    note: z.string().max(MAX_NOTE_LENGTH).optional(),
  }),
  removeHighlight: z.strictObject({ id }),
  restoreHighlight: z.strictObject({ highlight: highlightSchema }),
  exportPreview: z.strictObject({ source: exportSource, format: exportFormat }),
  exportArticles: z.strictObject({ source: exportSource, format: exportFormat, requestId: id.optional() }),
  // A receipt the shell made (random): never a path.
  revealExport: z.strictObject({ receipt: id }),
  listSmartFeeds: none,
  addSmartFeed: z.strictObject({ name: smartName, query: smartQuery, sort: smartSort.optional() }),
  updateSmartFeed: z.strictObject({
    id,
    name: smartName.optional(),
    query: smartQuery.optional(),
    sort: smartSort.optional(),
  }),
  removeSmartFeed: z.strictObject({ id }),
  moveSmartFeed: z.strictObject({ id, index: count(100_000) }),
  listSmartFeed: z.strictObject({
    id,
    limit: z.number().int().min(1).max(SEARCH_PAGE_MAX).optional(),
    offset: count(1_000_000).optional(),
    unread: z.boolean().optional(),
  }),
  listRules: none,
  addRule: z.strictObject({ query: ruleQuery, action: z.enum(RULE_ACTIONS), ...ruleScope }),
  updateRule: z.strictObject({
    id,
    query: ruleQuery.optional(),
    action: z.enum(RULE_ACTIONS).optional(),
    feed: id.nullable().optional(),
    folder: ruleFolder.nullable().optional(),
  }),
  removeRule: z.strictObject({ id }),
  moveRule: z.strictObject({ id, index: count(100_000) }),
  testRule: z.strictObject({ query: ruleQuery, ...ruleScope }),
  applyRule: z.strictObject({ id }),
  setHidden: z.strictObject({ ids, hidden: z.boolean() }),
} satisfies { [M in ApiMethod]: z.ZodType<ApiArgs<M>> }

/** Arguments that do not fit the contract: the caller's mistake, reported in one line. */
export class ApiArgumentError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'ApiArgumentError'
  }
}

/** The method's argument, parsed; an {@link ApiArgumentError} naming the first problem otherwise. */
export function parseApiArgs<M extends ApiMethod>(method: M, input: unknown): ApiArgs<M> {
  const result = (API_SCHEMAS[method] as z.ZodType<ApiArgs<M>>).safeParse(input)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
  throw new ApiArgumentError(
    `invalid arguments for ${method}: ${where}${issue?.message ?? 'not what it expects'}`.replace(
      /\s+/g,
      ' ',
    ),
  )
}
