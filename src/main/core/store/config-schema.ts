import type { Options } from 'conf'
import { z } from 'zod'
import { DEFAULT_SETTINGS, type Account, type Feed, type Folder, type Settings } from '../../../shared/types'
import { LANGUAGE_SETTINGS } from '../../../shared/i18n'
import packageJson from '../../../../package.json'
import { newRevision, stringifyAtRevision } from './revision'

/** What config.json keeps of a server account besides what the UI shows of it. */
export type StoredAccount = Account & {
  /** Where its token is kept (the token itself never is here). */
  credential: 'keychain' | 'file'
  /** The newest item's time the server gave (µs): the next sync asks only for items since. */
  itemsUpToUsec?: number
}

/** config.json: subscriptions, folders, server accounts and settings. */
// Type aliases, not interfaces: conf needs the implicit index signature.
export type ConfigData = {
  settings: Settings
  feeds: Feed[]
  folders: Folder[]
  accounts: StoredAccount[]
}

/** flags.json: what the user marked. Read ids are grouped by feed so unread counts need no article scan. */
export type FlagsData = {
  /**
   * A feed's read ids are one string, separated by spaces (a list in files from before, still read):
   * 400,000 ids parse as 2,000 strings, and a fresh process splits only the feeds it looks at.
   */
  read: Record<string, string | string[]>
  bookmarked: string[]
  /** Hidden (muted) articles, by feed as read ones are: out of lists and counts, found with is:hidden. */
  hidden?: Record<string, string[]>
}

const fullTextMode = z.enum(['auto', 'always', 'never'])
const count = (max: number) => z.number().int().min(0).max(max)
const nullableString = z.string().nullable()
/**
 * A failure's code for the UI (shared/failure-codes.ts). Its params are strings and numbers
 * (describeFailure's plainParams), kept as any JSON value here, as files from before were checked.
 */
const failureCodeSchema = z
  .object({ code: z.string(), params: z.record(z.string(), z.any()).optional() })
  .nullable()
  .optional()

/**
 * The settings and their bounds, once: config.json is checked against this (configFileSchema, below),
 * and so is every settings change a request asks for (api/schemas.ts).
 */
export const settingsSchema = z.object({
  syncIntervalMinutes: z.number().int().min(1).max(1440),
  retentionDays: z.number().int().min(1).max(36_500),
  retentionMaxPerFeed: count(1_000_000),
  fullTextMode,
  markReadOnOpen: z.boolean(),
  notifications: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
  fontSize: z.number().min(10).max(40),
  lineWidth: z.number().min(30).max(140),
  fontFamily: z.enum(['serif', 'sans']),
  maxImagesPerArticle: count(1000),
  imageCacheLimitMB: count(1_000_000),
  language: z.enum(LANGUAGE_SETTINGS),
}) satisfies z.ZodType<Settings>

/** A feed's own settings; a key left out follows the global setting. */
export const feedSettingsSchema = z.object({
  fullText: fullTextMode.optional(),
  notify: z.boolean().optional(),
})

/** A subscription as config.json stores it; fields older files lack are filled by the migration. */
const feedSchema = z.object({
  id: z.string().min(1),
  url: z.string().min(1),
  title: z.string(),
  siteUrl: nullableString.optional(),
  language: nullableString.optional(),
  folderId: nullableString.optional(),
  etag: nullableString.optional(),
  lastModified: nullableString.optional(),
  lastFetched: nullableString.optional(),
  lastError: nullableString.optional(),
  lastErrorCode: failureCodeSchema,
  retryAfter: nullableString.optional(),
  dead: z.boolean().optional(),
  errorCount: z.number().min(0).optional(),
  notice: nullableString.optional(),
  noticeCode: failureCodeSchema,
  addedAt: z.string().optional(),
  settings: feedSettingsSchema.optional(),
  account: z.string().optional(),
  remoteId: z.string().optional(),
  icon: nullableString.optional(),
  iconCheckedAt: nullableString.optional(),
})

const folderSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  parentId: nullableString.optional(),
  account: z.string().optional(),
})

const accountSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['greader']),
  url: z.string().min(1),
  user: z.string(),
  lastSync: nullableString.optional(),
  lastError: nullableString.optional(),
  lastErrorCode: failureCodeSchema,
  credential: z.enum(['keychain', 'file']),
  itemsUpToUsec: z.number().min(0).optional(),
})

/**
 * A whole file's check, from the same zod schemas the API checks requests with. Every key may be missing
 * (conf fills in the defaults) and keys a newer version adds are let through, not refused: a file is
 * checked as it is, and what conf keeps is the file's own parse, never zod's copy of it.
 */
function fileSchema(keys: z.ZodRawShape): z.ZodType {
  return z.looseObject(keys).partial()
}

/**
 * Checks a file's contents against its schema, or throws conf's kind of error ("Config schema violation:"
 * and where), which openConfFile reports and sets the file aside for. This is conf's validation done with
 * zod: conf's own (ajv, from a JSON Schema) compiled both files' schemas at every start of every process,
 * most of the time of opening a data dir.
 */
function checked<T>(schema: z.ZodType, value: T): T {
  const result = schema.safeParse(value)
  if (result.success) return value
  const where = result.error.issues.slice(0, 3).map((issue) => `\`${issue.path.join('/')}\` ${issue.message}`)
  throw new Error(`Config schema violation: ${where.join('; ')}`)
}

/**
 * conf reads and writes through these: each file is checked as it is read and before it is written, and
 * each write of config.json or flags.json starts with a fresh revision, so a process can tell another's
 * write from its own copy however the file's stat looks (revision.ts). conf reads a file several times
 * as it opens (its migrations read it afresh for each step): the same text is checked once.
 */
function checkedFormat(
  schema: z.ZodType,
): Pick<Options<Record<string, unknown>>, 'serialize' | 'deserialize'> {
  let checkedText: string | undefined
  return {
    deserialize: (text) => {
      const value = JSON.parse(text) as Record<string, unknown>
      if (text !== checkedText) checked(schema, value)
      checkedText = text
      return value
    },
    serialize: (value) => (checkedText = stringifyAtRevision(checked(schema, value), newRevision(), '\t')),
  }
}

/** config.json as a whole. */
export const configFileSchema = fileSchema({
  // Stored settings may lack a key a later version added (the migration fills it).
  settings: settingsSchema.partial(),
  feeds: z.array(feedSchema),
  folders: z.array(folderSchema),
  accounts: z.array(accountSchema),
})

/** flags.json as a whole. */
export const flagsFileSchema = fileSchema({
  read: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  bookmarked: z.array(z.string()),
  hidden: z.record(z.string(), z.array(z.string())),
})

/** The version stored files are migrated to (conf's projectVersion). */
export const PROJECT_VERSION = packageJson.version

/**
 * Options for config.json, the same for conf (CLI, tests) and electron-store (app): one file format,
 * one schema, migrations keyed by projectVersion.
 */
export function configOptions(cwd: string): Options<ConfigData> {
  return {
    cwd,
    configName: 'config',
    projectName: 'broadsheet',
    projectVersion: PROJECT_VERSION,
    clearInvalidConfig: false,
    ...(checkedFormat(configFileSchema) as Pick<Options<ConfigData>, 'serialize' | 'deserialize'>),
    defaults: { settings: DEFAULT_SETTINGS, feeds: [], folders: [], accounts: [] },
    migrations: {
      // 0.1.0 is the first format; this fills settings added later and feed fields older files lack.
      '0.1.0': (store) => {
        store.set('settings', { ...DEFAULT_SETTINGS, ...store.get('settings') })
        store.set(
          'feeds',
          store.get('feeds', []).map((feed) => ({ ...newFeedDefaults(), ...feed })),
        )
      },
    },
  }
}

/** Options for flags.json. */
export function flagsOptions(cwd: string): Options<FlagsData> {
  return {
    cwd,
    configName: 'flags',
    projectName: 'broadsheet',
    projectVersion: PROJECT_VERSION,
    clearInvalidConfig: false,
    ...(checkedFormat(flagsFileSchema) as Pick<Options<FlagsData>, 'serialize' | 'deserialize'>),
    defaults: { read: {}, bookmarked: [] },
    // No migrations (0.1.0 is the first format): with them conf reads and parses the whole file three
    // more times at every open to learn its version (10.9 MB at 500,000 articles: ~110 ms of a fresh
    // process's start). Marks append to flags.log, so flags.json is written whole only when the log is
    // folded into it, and the re-read conf then does first is rare.
  }
}

/** The fields a new subscription starts with before its first fetch. */
export function newFeedDefaults(): Omit<Feed, 'id' | 'url' | 'title'> {
  return {
    siteUrl: null,
    folderId: null,
    etag: null,
    lastModified: null,
    lastFetched: null,
    lastError: null,
    retryAfter: null,
    dead: false,
    addedAt: new Date().toISOString(),
    settings: {},
  }
}
