/**
 * The interface's languages: one ICU MessageFormat catalog per language (src/shared/locales/*.json,
 * English the source), formatted by FormatJS's intl-messageformat, here in the shared layer because the
 * renderer (every string it shows) and the shell (menus, notifications) both speak through it. The CLI
 * stays English and does not use it.
 *
 * To add a language: copy locales/en.json to locales/TAG.json, translate every value (keep each
 * {placeholder} and plural's keys), and add one line to LANGUAGES below (with its import). The catalog
 * test checks that every key is there with the same placeholders.
 */
import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat'
import en from './locales/en.json'
import ko from './locales/ko.json'

/** A message's key in the catalogs ("sidebar.unreadCount"): every catalog has English's keys. */
export type MessageKey = keyof typeof en
/** One language's messages. */
export type Catalog = Record<MessageKey, string>
/** A message's parameters: names to the values its {placeholders} take. */
export type MessageParams = Record<string, PrimitiveType>

/** The languages the interface speaks: its tag, its name in itself, its catalog. One line a language. */
export const LANGUAGES = [
  { tag: 'en', name: 'English', messages: en satisfies Catalog },
  { tag: 'ko', name: '한국어', messages: ko satisfies Catalog },
] as const

/** A language of the interface, by tag. */
export type Locale = (typeof LANGUAGES)[number]['tag']
/** The language setting: one of the languages, or "system" (the operating system's, the browser's). */
export type LanguageSetting = 'system' | Locale

export const SOURCE_LOCALE: Locale = 'en'
export const LANGUAGE_SETTINGS = ['system', ...LANGUAGES.map((language) => language.tag)] as [
  LanguageSetting,
  ...LanguageSetting[],
]

/**
 * The pseudo-locale (the tag Android and Chromium use for it): English, accented and about 40% longer,
 * in brackets — an untranslated string or a clipped label shows at a glance. Not in Settings: a run
 * gets it by asking for it as its system's or browser's language (the pseudo-locale e2e test does).
 */
export const PSEUDO_LOCALE = 'en-XA'

/** The interface language that is active: a real one, or the pseudo-locale. */
export type ActiveLocale = Locale | typeof PSEUDO_LOCALE

const CATALOGS = new Map<string, Catalog>(LANGUAGES.map((language) => [language.tag, language.messages]))

function isLocale(tag: string): tag is Locale {
  return CATALOGS.has(tag)
}

/**
 * The language to show: the setting's, or for "system" the first of the preferred languages (most
 * preferred first, "ko-KR", "en-US") that the interface speaks, by its primary tag; English otherwise.
 */
export function resolveLocale(setting: string | undefined, preferred: readonly string[]): ActiveLocale {
  if (setting && setting !== 'system' && isLocale(setting)) return setting
  for (const tag of preferred) {
    if (tag.toLowerCase() === PSEUDO_LOCALE.toLowerCase()) return PSEUDO_LOCALE
    const primary = tag.split(/[-_]/)[0]?.toLowerCase() ?? ''
    if (isLocale(primary)) return primary
  }
  return SOURCE_LOCALE
}

const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((letter, index) => [
    letter,
    [...'àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][index] as string,
  ]),
)

/** Text accented letter by letter ("Settings" → "Šéţţîñĝš"). */
export function accent(text: string): string {
  return text.replace(/[a-zA-Z]/g, (letter) => ACCENTED[letter] ?? letter)
}

/** A formatted English message as the pseudo-locale shows it: accented, padded ~40%, in brackets. */
export function pseudoLocalize(text: string): string {
  if (!text) return text
  const padding = '·'.repeat(Math.max(1, Math.round([...text].length * 0.4)))
  return `[${accent(text)}${padding}]`
}

/** What formats one message: IntlMessageFormat, or the text itself when it has nothing to format. */
interface MessageFormatter {
  format(params?: MessageParams): unknown
}

const FORMATS = new Map<string, MessageFormatter>()

/**
 * What ICU MessageFormat reads as syntax: an argument's braces, a rich-text tag's `<`, and the apostrophe
 * that quotes them. A message with none of them formats to itself (three in four of the catalogs' do).
 */
const SYNTAX = /[{}<']/

/** A message as written, when formatting could change nothing: no IntlMessageFormat to make for it. */
export function plainMessage(message: string): string | null {
  return SYNTAX.test(message) ? null : message
}

function formatter(locale: string, key: MessageKey): MessageFormatter {
  const id = `${locale}\u0000${key}`
  let format = FORMATS.get(id)
  if (!format) {
    const catalog = CATALOGS.get(locale) ?? en
    // A key a catalog lacks falls back to English (the catalog test keeps that from happening).
    const message = catalog[key] ?? en[key]
    // Making one parses the message and resolves the locale (Intl's supportedLocalesOf): the reader's
    // first load made hundreds (15-30 ms on a slow machine), most of them for text with nothing to format.
    const plain = plainMessage(message)
    format = plain === null ? new IntlMessageFormat(message, locale) : { format: () => plain }
    FORMATS.set(id, format)
  }
  return format
}

/**
 * A message in a language, its parameters filled in (numbers and plurals by that language's rules). The
 * pseudo-locale formats English, then pseudo-localizes it — parameters too, which is what a translated
 * sentence around a feed's own title looks like; the e2e test tells them apart by the brackets.
 */
export function translate(locale: ActiveLocale, key: MessageKey, params?: MessageParams): string {
  if (locale === PSEUDO_LOCALE) return pseudoLocalize(translate(SOURCE_LOCALE, key, params))
  return String(formatter(locale, key).format(params))
}

/** Whether the catalogs have this key (a failure's code the UI can word: `errors.<code>`). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key)
}

/** A translator bound to one language (the shell's menu and notifications use one). */
export function translator(locale: ActiveLocale): (key: MessageKey, params?: MessageParams) => string {
  return (key, params) => translate(locale, key, params)
}
