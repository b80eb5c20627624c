import { useEffect, useRef, useState } from 'react'
import {
  RULE_ACTIONS,
  type FolderView,
  type RuleAction,
  type RuleInput,
  type RuleTest,
  type RuleView,
} from '../../../shared/contract'
import { isQueryProblem, type FailureCode } from '../../../shared/failure-codes'
import type { FeedSummary } from '../../../shared/types'
import { api } from '../api-client'
import { STRINGS } from '../strings'

type Message = { text: string; error: boolean } | null

/** How long typing rests before the query is counted against the cache. */
const TEST_DELAY_MS = 250

/** The editor's scope select: every feed, one feed (`feed:ID`) or one folder (`folder:PATH`). */
function scopeOf(value: string): Pick<RuleInput, 'feed' | 'folder'> {
  if (value.startsWith('feed:')) return { feed: value.slice(5) }
  if (value.startsWith('folder:')) return { folder: value.slice(7) }
  return {}
}

function scopeValue(rule: Pick<RuleInput, 'feed' | 'folder'>): string {
  return rule.feed ? `feed:${rule.feed}` : rule.folder ? `folder:${rule.folder}` : ''
}

/** A failure in words: a query problem as the search words it, anything else as its message. */
function problemText(failure: Error & Partial<FailureCode>): string {
  return isQueryProblem(failure.code)
    ? STRINGS.search.problem(failure.code, failure.params)
    : STRINGS.rules.failed(failure.message)
}

/**
 * Settings → Rules: the rules in their order (reordered, edited, removed; an inactive one says why) and
 * an editor that counts, as the query is typed, the cached articles it would match and shows a few. Part
 * of the settings form, so its buttons submit nothing of their own.
 */
export function RulesSection() {
  const [rules, setRules] = useState<RuleView[]>([])
  const [feeds, setFeeds] = useState<FeedSummary[]>([])
  const [folders, setFolders] = useState<FolderView[]>([])
  const [query, setQuery] = useState('')
  const [scope, setScope] = useState('')
  const [action, setAction] = useState<RuleAction>('read')
  const [editing, setEditing] = useState<string | null>(null)
  const [test, setTest] = useState<RuleTest | null>(null)
  const [testing, setTesting] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [message, setMessage] = useState<Message>(null)
  const [busy, setBusy] = useState(false)
  const asked = useRef(0)

  const reload = (): Promise<void> => api.listRules().then(setRules)
  useEffect(() => {
    void reload().catch((failure: Error) =>
      setMessage({ text: STRINGS.rules.failed(failure.message), error: true }),
    )
    void api.listFeeds().then(setFeeds, () => undefined)
    void api.listFolders().then(setFolders, () => undefined)
  }, [])

  // The live count: after typing rests, the query (in its scope) against the cache; the newest answer wins.
  const text = query.trim()
  useEffect(() => {
    const mine = ++asked.current
    if (text === '') return
    const timer = setTimeout(() => {
      api.testRule({ query: text, ...scopeOf(scope) }).then(
        (result) => {
          if (mine !== asked.current) return
          setTesting(false)
          setTest(result)
          setProblem(null)
        },
        (failure: Error & Partial<FailureCode>) => {
          if (mine !== asked.current) return
          setTesting(false)
          setTest(null)
          setProblem(problemText(failure))
        },
      )
    }, TEST_DELAY_MS)
    return () => clearTimeout(timer)
  }, [text, scope])
  /** A new query or scope: counted again once typing rests. */
  const retest = (nextQuery: string): void => {
    setTesting(nextQuery.trim() !== '')
    if (nextQuery.trim() === '') {
      setTest(null)
      setProblem(null)
    }
  }
  const changeQuery = (next: string): void => {
    setQuery(next)
    retest(next)
  }
  const changeScope = (next: string): void => {
    setScope(next)
    retest(query)
  }

  const attempt = (work: () => Promise<string>): void => {
    setBusy(true)
    work().then(
      (text) => {
        setBusy(false)
        setMessage({ text, error: false })
      },
      (failure: Error & Partial<FailureCode>) => {
        setBusy(false)
        setMessage({ text: problemText(failure), error: true })
      },
    )
  }
  const clearEditor = (): void => {
    changeQuery('')
    setScope('')
    setAction('read')
    setEditing(null)
  }
  const save = (thenApply: boolean): void =>
    attempt(async () => {
      const input = { query: query.trim(), action, ...scopeOf(scope) }
      const rule = editing
        ? await api.updateRule({
            id: editing,
            ...input,
            feed: input.feed ?? null,
            folder: input.folder ?? null,
          })
        : await api.addRule(input)
      const applied = thenApply ? (await api.applyRule({ id: rule.id })).count : null
      clearEditor()
      await reload()
      if (applied !== null) return STRINGS.rules.applied(applied)
      return editing ? STRINGS.rules.updated : STRINGS.rules.added
    })
  const edit = (rule: RuleView): void => {
    setEditing(rule.id)
    changeQuery(rule.query)
    setScope(scopeValue(rule))
    setAction(rule.action)
    setMessage(null)
  }
  const remove = (rule: RuleView): void =>
    attempt(async () => {
      await api.removeRule({ id: rule.id })
      if (editing === rule.id) clearEditor()
      await reload()
      return STRINGS.rules.removed
    })
  const move = (rule: RuleView, index: number): void =>
    attempt(async () => {
      await api.moveRule({ id: rule.id, index })
      await reload()
      return ''
    })

  const feedTitle = (id: string): string => feeds.find((feed) => feed.id === id)?.title ?? id
  const ready = text !== '' && problem === null && !testing && !busy

  return (
    <fieldset className="rules">
      <legend>{STRINGS.rules.title}</legend>
      <p className="field-hint">{STRINGS.rules.intro}</p>
      {rules.length === 0 ? (
        <p className="field-hint">{STRINGS.rules.none}</p>
      ) : (
        <ol className="rule-list">
          {rules.map((rule, index) => (
            <li key={rule.id} className={rule.active ? 'rule-row' : 'rule-row rule-inactive'}>
              <div>
                <strong>{STRINGS.rules.actions[rule.action]}</strong> <code>{rule.query}</code>
                <p className="field-hint">
                  {rule.feed
                    ? STRINGS.rules.feedOption(feedTitle(rule.feed))
                    : rule.folder
                      ? STRINGS.rules.folderOption(rule.folder)
                      : STRINGS.rules.everywhere}
                  {` · ${STRINGS.rules.matched(rule.matched)}`}
                  {!rule.active && ` · ${STRINGS.rules.inactive(rule)}`}
                </p>
              </div>
              <div className="rule-buttons">
                <button
                  type="button"
                  className="button"
                  aria-label={STRINGS.rules.moveUp(rule.query)}
                  disabled={index === 0 || busy}
                  onClick={() => move(rule, index - 1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button"
                  aria-label={STRINGS.rules.moveDown(rule.query)}
                  disabled={index === rules.length - 1 || busy}
                  onClick={() => move(rule, index + 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button"
                  aria-label={STRINGS.rules.editLabel(rule.query)}
                  onClick={() => edit(rule)}
                >
                  {STRINGS.rules.edit}
                </button>
                <button
                  type="button"
                  className="button button-danger"
                  aria-label={STRINGS.rules.removeLabel(rule.query)}
                  disabled={busy}
                  onClick={() => remove(rule)}
                >
                  {STRINGS.rules.remove}
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
      <div className="rule-editor">
        <label className="field">
          <span>{STRINGS.rules.query}</span>
          <input
            type="search"
            value={query}
            placeholder={STRINGS.rules.queryHint}
            aria-invalid={problem !== null}
            aria-describedby="rule-test"
            onChange={(event) => changeQuery(event.target.value)}
            onKeyDown={(event) => {
              // Enter would submit the settings form: here it saves the rule instead.
              if (event.key === 'Enter') {
                event.preventDefault()
                if (ready) save(false)
              }
            }}
          />
        </label>
        <label className="field">
          <span>{STRINGS.rules.scope}</span>
          <select value={scope} onChange={(event) => changeScope(event.target.value)}>
            <option value="">{STRINGS.rules.everywhere}</option>
            {folders.map((folder) => (
              <option key={folder.id} value={`folder:${folder.path}`}>
                {STRINGS.rules.folderOption(folder.path)}
              </option>
            ))}
            {feeds.map((feed) => (
              <option key={feed.id} value={`feed:${feed.id}`}>
                {STRINGS.rules.feedOption(feed.title)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{STRINGS.rules.action}</span>
          <select value={action} onChange={(event) => setAction(event.target.value as RuleAction)}>
            {RULE_ACTIONS.map((value) => (
              <option key={value} value={value}>
                {STRINGS.rules.actions[value]}
              </option>
            ))}
          </select>
        </label>
        <div id="rule-test" className="rule-test" role="status" aria-live="polite">
          {problem ? (
            <p className="form-error">{problem}</p>
          ) : testing ? (
            <p className="field-hint">{STRINGS.rules.testing}</p>
          ) : test ? (
            <>
              <p>{STRINGS.rules.matches(test.count, test.exact)}</p>
              {test.samples.length > 0 && (
                <ul className="rule-samples" aria-label={STRINGS.rules.samples}>
                  {test.samples.map((sample) => (
                    <li key={sample.id}>{sample.title}</li>
                  ))}
                </ul>
              )}
            </>
          ) : null}
        </div>
        <div className="form-actions form-actions-start">
          <button
            type="button"
            className="button button-primary"
            disabled={!ready}
            onClick={() => save(false)}
          >
            {editing ? STRINGS.rules.update : STRINGS.rules.add}
          </button>
          {test && test.count > 0 && (
            <button type="button" className="button" disabled={!ready} onClick={() => save(true)}>
              {STRINGS.rules.apply(test.count)}
            </button>
          )}
          {editing && (
            <button type="button" className="button" onClick={clearEditor}>
              {STRINGS.rules.cancelEdit}
            </button>
          )}
        </div>
      </div>
      {message && message.text && (
        <p className={message.error ? 'form-error' : 'form-ok'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </fieldset>
  )
}
