import type { Options } from 'conf'
import type { Feed, Folder, Settings } from '../../../shared/types'
import packageJson from '../../../../package.json'
import { newRevision, stringifyAtRevision } from './revision'

/** config.json: subscriptions, folders and settings. */
// Type aliases, not interfaces: conf needs the implicit index signature.
export type ConfigData = {
  settings: Settings
  feeds: Feed[]
  folders: Folder[]
}

/** flags.json: what the user marked. Read ids are grouped by feed so unread counts need no article scan. */
export type FlagsData = {
  read: Record<string, string[]>
  bookmarked: string[]
}

export const DEFAULT_SETTINGS: Settings = {
  syncIntervalMinutes: 30,
  retentionDays: 90,
  retentionMaxPerFeed: 0,
  fullTextMode: 'auto',
  markReadOnOpen: true,
  notifications: false,
  theme: 'system',
  fontSize: 18,
  lineWidth: 68,
  fontFamily: 'serif',
  maxImagesPerArticle: 40,
  imageCacheLimitMB: 2048,
}

const nullableString = { type: ['string', 'null'] } as const

const settingsSchema = {
  type: 'object',
  properties: {
    syncIntervalMinutes: { type: 'number', minimum: 1, maximum: 1440 },
    retentionDays: { type: 'number', minimum: 1 },
    retentionMaxPerFeed: { type: 'number', minimum: 0 },
    fullTextMode: { enum: ['auto', 'always', 'never'] },
    markReadOnOpen: { type: 'boolean' },
    notifications: { type: 'boolean' },
    theme: { enum: ['system', 'light', 'dark'] },
    fontSize: { type: 'number', minimum: 10, maximum: 40 },
    lineWidth: { type: 'number', minimum: 30, maximum: 140 },
    fontFamily: { enum: ['serif', 'sans'] },
    maxImagesPerArticle: { type: 'number', minimum: 0 },
    imageCacheLimitMB: { type: 'number', minimum: 0 },
  },
} as const

const feedSchema = {
  type: 'object',
  required: ['id', 'url', 'title'],
  properties: {
    id: { type: 'string', minLength: 1 },
    url: { type: 'string', minLength: 1 },
    title: { type: 'string' },
    siteUrl: nullableString,
    folderId: nullableString,
    etag: nullableString,
    lastModified: nullableString,
    lastFetched: nullableString,
    lastError: nullableString,
    retryAfter: nullableString,
    dead: { type: 'boolean' },
    errorCount: { type: 'number', minimum: 0 },
    addedAt: { type: 'string' },
    settings: {
      type: 'object',
      properties: { fullText: { enum: ['auto', 'always', 'never'] }, notify: { type: 'boolean' } },
    },
  },
} as const

const folderSchema = {
  type: 'object',
  required: ['id', 'title'],
  properties: { id: { type: 'string', minLength: 1 }, title: { type: 'string' }, parentId: nullableString },
} as const

/**
 * Files are still validated against the schemas on every read and write; only the check of the schemas
 * themselves against JSON Schema's meta-schema is skipped. They are fixed (and tested), and that check
 * compiled the meta-schema afresh for each file on every start: about 100 ms each, most of opening a
 * data dir.
 */
const SCHEMA_IS_FIXED = { validateSchema: false } as const

/**
 * conf writes through this: each write of config.json or flags.json starts with a fresh revision, so a
 * process can tell another's write from its own copy however the file's stat looks (revision.ts).
 */
function serializeWithRevision(value: Record<string, unknown>): string {
  return stringifyAtRevision(value, newRevision(), '\t')
}

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
    ajvOptions: SCHEMA_IS_FIXED,
    serialize: serializeWithRevision,
    defaults: { settings: DEFAULT_SETTINGS, feeds: [], folders: [] },
    schema: {
      settings: settingsSchema,
      feeds: { type: 'array', items: feedSchema },
      folders: { type: 'array', items: folderSchema },
    },
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
    ajvOptions: SCHEMA_IS_FIXED,
    serialize: serializeWithRevision,
    defaults: { read: {}, bookmarked: [] },
    schema: {
      read: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
      bookmarked: { type: 'array', items: { type: 'string' } },
    },
    migrations: {
      // 0.1.0 is the first format. Having migrations makes conf keep its version in the file, and a
      // write of data that carries that key is not preceded by conf re-reading the whole file (a
      // megabyte at 50,000 read articles) to copy the key over.
      '0.1.0': () => {},
    },
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
