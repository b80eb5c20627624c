/** Rules as the contract carries them (src/main/core/rules keeps and runs them). */

/** What a rule does to an article it matches. */
export const RULE_ACTIONS = ['read', 'bookmark', 'hide', 'notify'] as const
export type RuleAction = (typeof RULE_ACTIONS)[number]

/** A rule as it is asked for: "when a new article matches `query` (only in `feed` or `folder`), `action`". */
export interface RuleInput {
  /** In the search's language: words and filters (is:unread, folder:, after:…). */
  query: string
  action: RuleAction
  /** Only articles of this feed (its id). */
  feed?: string
  /** Only articles of this folder (its name or path) and its subfolders. */
  folder?: string
}

/** A rule as kept; rules run on a sync's new articles in their listed order. */
export interface Rule extends RuleInput {
  id: string
  /** How many articles it has acted on. */
  matched: number
}

/** A rule as listed: inactive when the feed or folder it names is gone (it then does nothing). */
export interface RuleView extends Rule {
  active: boolean
  /** Why it is inactive, in words. */
  inactive?: string
}

/** What a rule would match now: how many cached articles, and a few of them, newest first. */
export interface RuleTest {
  count: number
  /** false: `count` is an upper bound (a quoted phrase not checked in every article). */
  exact: boolean
  samples: { id: string; title: string; feedId: string }[]
}

/** A `notify` rule's match during a sync: the shell turns it into a desktop notification. */
export interface RuleNotice {
  ruleId: string
  query: string
  articleId: string
  title: string
  feedId: string
}
