import { useState } from 'react'
import type { AccountView } from '../../../shared/contract'
import { api } from '../api-client'
import { accountName, formatAgo } from '../format'
import { STRINGS } from '../strings'
import { failureText, feedErrorText } from '../locale'

type Message = { text: string; error: boolean } | null

/**
 * Settings → Accounts: the server accounts with their last sync and error, a form to add one (with a
 * connection test that keeps nothing; an account added is synced at once) and a way to remove one. Part
 * of the settings form, so its buttons submit nothing of their own. The accounts are the library's
 * (`onChanged` has it load them again).
 */
export function AccountsSection({
  accounts,
  onChanged,
  onAdded,
}: {
  accounts: readonly AccountView[]
  onChanged: () => void
  /** After an account was added: its subscriptions are fetched now, not at the next interval. */
  onAdded: () => void
}) {
  const [url, setUrl] = useState('')
  const [user, setUser] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<Message>(null)

  const attempt = (work: () => Promise<string>, progress?: string): void => {
    setBusy(true)
    if (progress) setMessage({ text: progress, error: false })
    work().then(
      (text) => {
        setBusy(false)
        setMessage({ text, error: false })
      },
      (failure: Error) => {
        setBusy(false)
        setMessage({ text: STRINGS.accounts.failed(failureText(failure)), error: true })
      },
    )
  }
  const signIn = { url: url.trim(), user: user.trim(), password }
  const complete = signIn.url !== '' && signIn.user !== '' && password !== ''
  const test = (): void =>
    attempt(async () => {
      await api.testAccount(signIn)
      return STRINGS.accounts.works
    }, STRINGS.accounts.testing)
  const add = (): void =>
    attempt(async () => {
      await api.addAccount(signIn)
      setPassword('')
      onChanged()
      onAdded()
      return STRINGS.accounts.added
    }, STRINGS.accounts.testing)
  const remove = (account: AccountView): void =>
    attempt(async () => {
      await api.removeAccount({ accountId: account.id })
      onChanged()
      return STRINGS.accounts.removed
    })

  return (
    <fieldset className="accounts">
      <legend>{STRINGS.accounts.title}</legend>
      <p className="field-hint">{STRINGS.accounts.intro}</p>
      {accounts.length === 0 ? (
        <p className="field-hint">{STRINGS.accounts.none}</p>
      ) : (
        <ul className="account-list">
          {accounts.map((account) => {
            const name = accountName(account)
            return (
              <li key={account.id} className="account-row">
                <div>
                  <strong>{name}</strong>
                  <p className="field-hint">
                    {account.lastSync
                      ? STRINGS.accounts.lastSync(formatAgo(account.lastSync))
                      : STRINGS.accounts.neverSynced}
                    {account.pending > 0 && ` · ${STRINGS.accounts.pending(account.pending)}`}
                  </p>
                  {account.lastError && (
                    <p className="form-error">{STRINGS.accounts.error(feedErrorText(account) ?? '')}</p>
                  )}
                </div>
                <button
                  type="button"
                  className="button"
                  aria-label={STRINGS.accounts.removeLabel(name)}
                  disabled={busy}
                  onClick={() => remove(account)}
                >
                  {STRINGS.accounts.remove}
                </button>
              </li>
            )
          })}
        </ul>
      )}
      <label className="field">
        <span className="field-label">{STRINGS.accounts.url}</span>
        <input
          type="text"
          inputMode="url"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          placeholder="https://" // i18n-exempt: an address's start, the same in every language
          aria-describedby="account-url-hint"
        />
      </label>
      <p className="field-hint" id="account-url-hint">
        {STRINGS.accounts.urlHint}
      </p>
      <label className="field">
        <span className="field-label">{STRINGS.accounts.user}</span>
        <input
          type="text"
          value={user}
          autoComplete="username"
          onChange={(event) => setUser(event.target.value)}
        />
      </label>
      <label className="field">
        <span className="field-label">{STRINGS.accounts.password}</span>
        <input
          type="password"
          value={password}
          autoComplete="current-password"
          onChange={(event) => setPassword(event.target.value)}
        />
      </label>
      <div className="form-actions form-actions-start">
        <button type="button" className="button" disabled={busy || !complete} onClick={test}>
          {STRINGS.accounts.test}
        </button>
        <button type="button" className="button" disabled={busy || !complete} onClick={add}>
          {STRINGS.accounts.add}
        </button>
      </div>
      {message && (
        <p className={message.error ? 'form-error' : 'form-ok'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </fieldset>
  )
}
