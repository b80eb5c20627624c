import { useSyncExternalStore } from 'react'
import {
  isMessageKey,
  resolveLocale,
  SOURCE_LOCALE,
  translate,
  type ActiveLocale,
  type MessageKey,
  type MessageParams,
} from '../../shared/i18n'

/**
 * The interface's active language: what the Language setting asks for, "system" resolved against the
 * preferred languages (the operating system's in the app, the browser's in the preview). Switching sets
 * `<html lang>` (Korean's keep-all line breaking keys on it) and re-renders whoever uses useLocale — the
 * App at the top, and the memoised rows, which a re-render from above does not reach.
 */

function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : navigator.languages
}

let active: ActiveLocale = resolveLocale('system', browserLanguages())
const listeners = new Set<() => void>()

/** The language the interface speaks now. */
export function activeLocale(): ActiveLocale {
  return active
}

/** A message in the active language. */
export function t(key: MessageKey, params?: MessageParams): string {
  return translate(active, key, params)
}

/** Follows a language setting ("system", "en", "ko") against these preferred languages. */
export function applyLanguage(setting: string | undefined, preferred: readonly string[]): ActiveLocale {
  const next = resolveLocale(setting, preferred)
  if (typeof document !== 'undefined') document.documentElement.lang = next
  if (next !== active) {
    active = next
    for (const listener of listeners) listener()
  }
  return next
}

export function subscribeLocale(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The active language, re-rendering the component when it changes. */
export function useLocale(): ActiveLocale {
  return useSyncExternalStore(subscribeLocale, activeLocale, activeLocale)
}

/** The preferred languages when nothing else said (the browser's; the app's bridge passes the system's). */
export function defaultLanguages(): readonly string[] {
  return browserLanguages()
}

/**
 * A failure as a person reads it in the active language: a coded one (shared/failure-codes.ts) through
 * the catalogs' `errors.<code>` (its `reason`, a code too, worded first), anything else as the core's
 * English message. In English the core's own message is shown, coded or not: it is English already, and
 * says more (the server's status text, which https problem) than a catalog's sentence can.
 */
export function failureText(failure: unknown): string {
  const { message, code, params } = (failure ?? {}) as {
    message?: unknown
    code?: unknown
    params?: Record<string, string | number>
  }
  if (active === SOURCE_LOCALE && typeof message === 'string' && message) return message
  const key = `errors.${String(code)}`
  if (typeof code === 'string' && isMessageKey(key)) {
    try {
      const words: MessageParams = { ...params }
      const reason = `errors.reason.${String(params?.reason)}`
      if (isMessageKey(reason)) words.reason = t(reason, params)
      return t(key, words)
    } catch {
      // A code without the parameters its words need (an older core, say): the core's own message.
    }
  }
  return typeof message === 'string' ? message : String(failure)
}

/** A feed's or an account's last sync failure as a person reads it (coded: in the active language). */
export function feedErrorText(feed: {
  lastError: string | null
  lastErrorCode?: { code: string; params?: Record<string, string | number> } | null
}): string | null {
  if (!feed.lastError) return null
  return failureText({ message: feed.lastError, ...feed.lastErrorCode })
}

/** What a feed's last sync left out, as a person reads it (coded: in the active language), or null. */
export function noticeText(feed: {
  notice?: string | null
  noticeCode?: { code: string; params?: Record<string, string | number> } | null
}): string | null {
  if (!feed.notice) return null
  return failureText({ message: feed.notice, ...feed.noticeCode })
}
