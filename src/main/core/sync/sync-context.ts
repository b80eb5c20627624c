import type { DamageNotice } from '../../../shared/contract'
import type { Accounts } from '../accounts/accounts'
import type { Articles } from '../articles/articles'
import type { Flags } from '../flags/flags'
import type { Highlights } from '../highlights/highlights'
import type { Rules } from '../rules/rules'
import type { SettingsService } from '../settings/settings'
import type { BlobStore } from '../store/blob-store'
import type { WriteLock } from '../store/write-lock'
import type { Subscriptions } from '../subscriptions/subscriptions'

/** What syncing reads and writes: the services it works through, and the data dir's own files. */
export interface SyncContext {
  dataDir: string
  lock: WriteLock
  /** Where damaged files found are reported (the last sync's record). */
  damage: DamageNotice[]
  articles: Articles
  accounts: Accounts
  blobs: BlobStore
  flags: Flags
  highlights: Pick<Highlights, 'articleIds'>
  settings: SettingsService
  subscriptions: Subscriptions
  /** Told after a sync in the sync thread stored articles (this process's index merges their segments). */
  storedElsewhere?: () => void
  /** Run on the articles each sync stores new (absent: no rules, as in some tests). */
  rules?: Pick<Rules, 'runOnNew'>
}
