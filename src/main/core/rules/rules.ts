import { join } from 'node:path'
import { z } from 'zod'
import {
  RULE_ACTIONS,
  type DamageNotice,
  type Rule,
  type RuleAction,
  type RuleInput,
  type RuleNotice,
  type RuleTest,
  type RuleView,
  type SearchArgs,
} from '../../../shared/contract'
import type { Article, ArticleMeta } from '../../../shared/types'
import { UserError } from '../errors'
import type { EventHub } from '../events'
import type { Flags } from '../flags/flags'
import { resolveIdPrefix } from '../id-prefix'
import { splitFilters } from '../search/query-filters'
import type { Search } from '../search/search-service'
import { metaOf } from '../store/article-meta'
import type { ArticleStore } from '../store/article-store'
import { newId } from '../store/ids'
import { ListedFile } from '../store/listed-file'
import type { WriteLock } from '../store/write-lock'
import type { Subscriptions } from '../subscriptions/subscriptions'

const ruleSchema = z.strictObject({
  id: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/),
  query: z.string().min(1).max(500),
  action: z.enum(RULE_ACTIONS),
  feed: z.string().min(1).max(200).optional(),
  folder: z.string().min(1).max(500).optional(),
  matched: z.number().int().min(0),
})

/** How many matching articles a test shows. */
const SAMPLES = 5
/** Matches taken at once when a rule is applied to the whole cache (no snippets are made for them). */
const APPLY_PAGE = 5_000

interface RulesDeps {
  dataDir: string
  lock: WriteLock
  damage: DamageNotice[]
  search: Search
  flags: Flags
  store: ArticleStore
  subscriptions: Subscriptions
  events: EventHub
}

/**
 * Rules: saved queries that act on new articles as a sync brings them, in their listed order (rules.json,
 * at a revision, under the write lock). A query is checked by running it before it is kept, so a malformed
 * one is refused with the search's own one-line explanation and nothing is stored. A rule whose feed or
 * folder is removed later stays listed as inactive and does nothing. Matching is the search's own (the
 * same parser, stemming and Korean segmentation), asked once per rule for the sync's new articles only.
 */
export class Rules {
  readonly #file: ListedFile<Rule>
  readonly #deps: RulesDeps

  constructor(deps: RulesDeps) {
    this.#deps = deps
    this.#file = new ListedFile(deps.dataDir, join(deps.dataDir, 'rules.json'), {
      key: 'rules',
      schema: ruleSchema,
      lock: deps.lock,
      damage: deps.damage,
      what: 'rules',
    })
  }

  /** Every rule in its order (the order they run in), with whether it is active. */
  async list(): Promise<RuleView[]> {
    return (await this.#file.read()).map((rule) => this.#view(rule))
  }

  /** Adds a rule at the end; its query must run and its feed or folder exist (nothing is kept otherwise). */
  async add(input: RuleInput): Promise<RuleView> {
    const rule: Rule = { id: newId(), ...(await this.#checked(input)), matched: 0 }
    await this.#file.change((rules) => [...rules, rule])
    return this.#view(rule)
  }

  /** Changes its query, action or scope (checked as when adding); `null` clears the feed or folder. */
  async update(
    id: string,
    change: { query?: string; action?: RuleAction; feed?: string | null; folder?: string | null },
  ): Promise<RuleView> {
    const current = (await this.#file.read()).find((rule) => rule.id === id)
    if (!current) throw new UserError(`no rule with id ${id}`)
    const { feed, folder, ...rest } = { ...current, ...change }
    const checked = await this.#checked({ ...rest, feed: feed ?? undefined, folder: folder ?? undefined })
    let updated: Rule | null = null
    await this.#file.change((rules) =>
      rules.map((rule) => (rule.id === id ? (updated = { id, ...checked, matched: rule.matched }) : rule)),
    )
    if (!updated) throw new UserError(`no rule with id ${id}`)
    return this.#view(updated)
  }

  async remove(id: string): Promise<Rule> {
    let removed: Rule | null = null
    await this.#file.change((rules) =>
      rules.filter((rule) => (rule.id === id ? ((removed = rule), false) : true)),
    )
    if (!removed) throw new UserError(`no rule with id ${id}`)
    return removed
  }

  /** Moves it to `index` in the list: rules run in their listed order. */
  async move(id: string, index: number): Promise<void> {
    await this.#file.change((rules) => {
      const rule = rules.find((r) => r.id === id)
      if (!rule) throw new UserError(`no rule with id ${id}`)
      const rest = rules.filter((r) => r !== rule)
      rest.splice(Math.max(0, Math.min(index, rest.length)), 0, rule)
      return rest
    })
  }

  /** The rule an id or a unique start of one (6+ characters) names. */
  async resolveId(input: string): Promise<string> {
    const rules = await this.#file.read()
    return resolveIdPrefix(
      'rule',
      input,
      rules.map((r) => ({ id: r.id, label: `${r.action}: ${r.query}` })),
    )
  }

  /** What a query (in a feed or folder) matches among the cached articles now: the count and a few, newest first. */
  async test(input: { query: string; feed?: string; folder?: string }): Promise<RuleTest> {
    const { query, feed, folder } = await this.#checked({ ...input, action: 'notify' })
    const page = await this.#deps.search.search({ ...this.#scope({ feed, folder }), query, limit: 200 })
    const samples = page.results
      .sort((a, b) => b.sortTime - a.sortTime)
      .slice(0, SAMPLES)
      .map(({ id, title, feedId }) => ({ id, title, feedId }))
    return { count: page.total, exact: page.totalIsExact, samples }
  }

  /**
   * Applies a rule once to every cached article it matches now — unlike a sync, which only ever gives
   * rules its new articles, this does act on articles already there (that is its point). Returns how many
   * it acted on.
   */
  async apply(id: string): Promise<number> {
    const rule = (await this.#file.read()).find((r) => r.id === id)
    if (!rule) throw new UserError(`no rule with id ${id}`)
    const view = this.#view(rule)
    if (!view.active) throw new UserError(`the rule is inactive: ${view.inactive}`)
    const ids = new Set<string>()
    for (let offset = 0; ; offset += APPLY_PAGE) {
      const page = await this.#deps.search.search(
        { ...this.#scope(rule), query: rule.query, limit: APPLY_PAGE, offset },
        { snippets: false },
      )
      for (const hit of page.results) ids.add(hit.id)
      if (page.results.length < APPLY_PAGE) break
    }
    const metas = await this.#metasOf(ids)
    await this.#act(rule.action, metas)
    await this.#count(new Map([[rule.id, metas.length]]))
    return metas.length
  }

  /**
   * Runs every active rule, in order, on the articles a sync just stored (never on others): each rule is
   * one search restricted to them, so a rule that marks read comes before one that asks for is:unread.
   * What the rules do is written once at the end, and before any rule whose query reads those flags
   * (is:read, is:unread, is:bookmarked, is:hidden); an article a rule hid is no candidate for the rules
   * after it. Notices of `notify` rules are returned and sent as events. A rule whose query no longer runs
   * (a folder it names is gone) is passed over.
   */
  async runOnNew(
    ids: readonly string[],
    /** Of them, those the caller has as built (read from here instead of from disk). */
    fresh: ReadonlyMap<string, Article> = new Map(),
  ): Promise<{ notices: RuleNotice[]; acted: number }> {
    const notices: RuleNotice[] = []
    if (ids.length === 0) return { notices, acted: 0 }
    const rules = (await this.#file.read()).filter((rule) => this.#view(rule).active)
    if (rules.length === 0) return { notices, acted: 0 }
    // The records of the articles the caller has as built; the catalog's for the rest.
    const metas = new Map<string, ArticleMeta>()
    for (const id of ids) {
      const article = fresh.get(id)
      if (article) metas.set(id, metaOf(article))
    }
    if (metas.size < ids.length)
      for (const meta of await this.#metasOf(new Set(ids.filter((id) => !metas.has(id)))))
        metas.set(meta.id, meta)
    const pending = new Map<Exclude<RuleAction, 'notify'>, Map<string, ArticleMeta>>([
      ['read', new Map()],
      ['bookmark', new Map()],
      ['hide', new Map()],
    ])
    const flush = async (): Promise<void> => {
      const [read, bookmark, hide] = (['read', 'bookmark', 'hide'] as const).map((action) =>
        this.#notYet(action, [...(pending.get(action) as Map<string, ArticleMeta>).values()]),
      ) as [ArticleMeta[], ArticleMeta[], ArticleMeta[]]
      for (const articles of pending.values()) articles.clear()
      await this.#deps.flags.applyRuleChanges({ read, bookmark, hide })
    }
    // Articles read once for every rule's phrase checks.
    const read = new Map<string, Promise<Article | null>>()
    const load = (id: string): Promise<Article | null> => {
      let article = read.get(id)
      const known = fresh.get(id)
      if (!article) read.set(id, (article = known ? Promise.resolve(known) : this.#deps.store.get(id)))
      return article
    }
    const counts = new Map<string, number>()
    let acted = 0
    for (const rule of rules) {
      let matched: string[]
      try {
        if (readsFlags(rule.query)) await flush()
        const hidden = pending.get('hide') as Map<string, ArticleMeta>
        const within = new Set([...metas.keys()].filter((id) => !hidden.has(id)))
        matched = await this.#deps.search.matchingIds(
          { ...this.#scope(rule), query: rule.query },
          within,
          load,
        )
      } catch (error) {
        if (error instanceof UserError) continue
        throw error
      }
      const articles = matched.flatMap((id) => metas.get(id) ?? [])
      if (articles.length === 0) continue
      if (rule.action === 'notify')
        for (const meta of articles)
          notices.push({
            ruleId: rule.id,
            query: rule.query,
            articleId: meta.id,
            title: meta.title,
            feedId: meta.feedId,
          })
      else for (const meta of articles) pending.get(rule.action)?.set(meta.id, meta)
      counts.set(rule.id, articles.length)
      acted += articles.length
    }
    await flush()
    await this.#count(counts)
    for (const notice of notices) this.#deps.events.emit('ruleNotice', notice)
    return { notices, acted }
  }

  /** Of these articles, those not already so (read, bookmarked, hidden). */
  #notYet(action: Exclude<RuleAction, 'notify'>, articles: ArticleMeta[]): ArticleMeta[] {
    const { flags } = this.#deps
    if (action === 'read') {
      const isRead = flags.readReader()
      return articles.filter((meta) => !isRead(meta))
    }
    const already = action === 'bookmark' ? flags.bookmarkedIds() : flags.hiddenIds()
    return articles.filter((meta) => !already.has(meta.id))
  }

  /** Does what a rule says to the articles not already so. */
  async #act(action: RuleAction, articles: ArticleMeta[]): Promise<void> {
    if (action === 'notify') return
    const none: ArticleMeta[] = []
    await this.#deps.flags.applyRuleChanges({
      read: action === 'read' ? this.#notYet(action, articles) : none,
      bookmark: action === 'bookmark' ? this.#notYet(action, articles) : none,
      hide: action === 'hide' ? this.#notYet(action, articles) : none,
    })
  }

  /** The catalog records of these articles (in memory), without reading their files. */
  #metasOf(ids: ReadonlySet<string>): Promise<ArticleMeta[]> {
    return this.#deps.store.list({ limit: Number.MAX_SAFE_INTEGER, filter: (meta) => ids.has(meta.id) })
  }

  /** Adds to the rules' `matched` counts, in one write. */
  async #count(counts: ReadonlyMap<string, number>): Promise<void> {
    if (counts.size === 0) return
    await this.#file.change((rules) =>
      rules.map((rule) => {
        const more = counts.get(rule.id)
        return more ? { ...rule, matched: rule.matched + more } : rule
      }),
    )
  }

  #view(rule: Rule): RuleView {
    const { subscriptions } = this.#deps
    if (rule.feed !== undefined && !subscriptions.feeds().some((feed) => feed.id === rule.feed))
      return { ...rule, active: false, inactive: 'its feed was removed' }
    // Gone, or its title now shared: the rule waits until its name picks one folder again.
    const missing = rule.folder === undefined ? null : this.#folder(rule.folder).missing
    if (missing) return { ...rule, active: false, inactive: missing }
    return { ...rule, active: true }
  }

  /**
   * The folder a rule names (subscriptions' folderNamed: its path, or a title only one folder has), or why
   * none is now: "… any more" when none is, else what folderNamed says (several are).
   */
  #folder(name: string): { id: string; missing: null } | { id: null; missing: string } {
    try {
      return { id: this.#deps.subscriptions.folderNamed(name).id, missing: null }
    } catch (error) {
      const message = (error as Error).message
      return { id: null, missing: message.startsWith('there is no folder') ? `${message} any more` : message }
    }
  }

  #scope(rule: { feed?: string; folder?: string }): Pick<SearchArgs, 'feedIds' | 'folderId'> {
    if (rule.feed !== undefined) return { feedIds: [rule.feed] }
    if (rule.folder !== undefined) return { folderId: this.#folder(rule.folder).id ?? undefined }
    return {}
  }

  /** The rule's fields as kept, once its query runs and its feed or folder exists; a one-line error otherwise. */
  async #checked(input: {
    query: string
    action: RuleAction
    feed?: string
    folder?: string
  }): Promise<Omit<Rule, 'id' | 'matched'>> {
    const query = input.query.trim()
    if (!RULE_ACTIONS.includes(input.action))
      throw new UserError(`"${input.action}" is not an action: use read, bookmark, hide or notify`)
    if (input.feed !== undefined && input.folder !== undefined)
      throw new UserError('a rule applies to one feed or one folder, not both')
    if (input.feed !== undefined && !this.#deps.subscriptions.feeds().some((f) => f.id === input.feed))
      throw new UserError(`no feed with id ${input.feed}`)
    const folder = input.folder?.trim()
    // None, or several with that title: refused, saying which.
    if (folder !== undefined) this.#deps.subscriptions.folderNamed(folder)
    await this.#deps.search.search({ ...this.#scope({ feed: input.feed, folder }), query, limit: 1 })
    return {
      query,
      action: input.action,
      ...(input.feed !== undefined && { feed: input.feed }),
      ...(folder !== undefined && { folder }),
    }
  }
}

/** Whether a query's answer depends on the read, bookmarked or hidden flags (is:read, is:hidden…). */
function readsFlags(query: string): boolean {
  const { filters } = splitFilters(query)
  return filters.read !== undefined || filters.bookmarked === true || filters.hidden === true
}
