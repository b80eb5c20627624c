import { IntlMessageFormat } from 'intl-messageformat'
import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../../src/shared/commands'
import {
  LANGUAGES,
  LANGUAGE_SETTINGS,
  PSEUDO_LOCALE,
  plainMessage,
  pseudoLocalize,
  resolveLocale,
  translate,
  type MessageKey,
} from '../../src/shared/i18n'
import en from '../../src/shared/locales/en.json'

type Element = {
  type: number
  value?: string
  options?: Record<string, { value: Element[] }>
  children?: Element[]
}

/** The names of a message's arguments ({title}, {count, plural, …}), nested ones too. */
function argumentsOf(elements: Element[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    // 0 is literal text and 7 the plural's # (its argument is the plural's own): the rest name one.
    if (element.type !== 0 && element.type !== 7 && element.value) into.add(element.value)
    for (const option of Object.values(element.options ?? {})) argumentsOf(option.value, into)
    if (element.children) argumentsOf(element.children, into)
  }
  return into
}

function parse(message: string, locale: string): Element[] {
  return new IntlMessageFormat(message, locale).getAst() as unknown as Element[]
}

describe('the catalogs', () => {
  const keys = Object.keys(en).sort()

  for (const language of LANGUAGES) {
    it(`${language.tag}: every key of English, no other, each valid ICU with English's placeholders`, () => {
      const messages = language.messages as Record<string, string>
      expect(Object.keys(messages).sort()).toEqual(keys)
      const wrong: string[] = []
      for (const key of keys) {
        const theirs = [...argumentsOf(parse(messages[key] ?? '', language.tag))].sort()
        const source = [...argumentsOf(parse(en[key as MessageKey], 'en'))].sort()
        if (theirs.join() !== source.join())
          wrong.push(`${key}: {${theirs.join()}} vs English {${source.join()}}`)
      }
      expect(wrong).toEqual([])
    })
  }

  it('finds a catalog that lacks a key or a placeholder (the check above is not vacuous)', () => {
    const broken = { ...en, 'sidebar.failed': 'Could not load your feeds' } as Record<string, string>
    delete broken['actions.save']
    expect(Object.keys(broken).sort()).not.toEqual(Object.keys(en).sort())
    expect([...argumentsOf(parse(broken['sidebar.failed']!, 'en'))]).toEqual([])
    expect([...argumentsOf(parse(en['sidebar.failed'], 'en'))]).toEqual(['message'])
    expect(() => parse('{count, plural, one {# feed}', 'en')).toThrow()
  })

  it('names every command of the menu and the keyboard, in English as the command list does', () => {
    for (const command of COMMANDS) expect(translate('en', `commands.${command.id}`)).toBe(command.label)
  })

  it('keeps Korean in Korean: no message left in English', () => {
    const ko = LANGUAGES.find((language) => language.tag === 'ko')!.messages as Record<string, string>
    // The same as English only where the words are names (the app's, a format's, an address).
    const same = Object.keys(en).filter((key) => ko[key] === en[key as MessageKey])
    expect(same).toEqual([
      'appName',
      'accounts.urlHint',
      'notifications.feed',
      'errors.sync-fetch',
      'exporting.formats.md',
    ])
  })
})

describe('messages', () => {
  it('pluralise and format numbers by the language', () => {
    expect(translate('en', 'sync.finished', { count: 0 })).toBe('No new articles')
    expect(translate('en', 'sync.finished', { count: 1 })).toBe('1 new article')
    expect(translate('en', 'sync.finished', { count: 1234 })).toBe('1,234 new articles')
    expect(translate('ko', 'sync.finished', { count: 0 })).toBe('새 기사 없음')
    expect(translate('ko', 'sync.finished', { count: 1 })).toBe('새 기사 1개')
    expect(translate('ko', 'sidebar.unreadCount', { count: 5 })).toBe('읽지 않음 5개')
    expect(translate('en', 'list.resultCount', { count: 2, exact: 'false' })).toBe('about 2 results')
    expect(translate('en', 'settings.imported', { added: 1, skipped: 0 })).toBe('Imported 1 feed.')
    expect(translate('en', 'settings.imported', { added: 3, skipped: 2 })).toBe(
      'Imported 3 feeds; 2 already subscribed or invalid.',
    )
  })

  it('that have nothing to format are their own text, as IntlMessageFormat formats them', () => {
    let plain = 0
    for (const language of LANGUAGES)
      for (const [key, message] of Object.entries(language.messages)) {
        const text = plainMessage(message)
        if (text === null) continue
        plain++
        expect(text, key).toBe(new IntlMessageFormat(message, language.tag).format())
        expect(translate(language.tag, key as MessageKey)).toBe(text)
      }
    expect(plain).toBeGreaterThan(400)
    // Syntax is never taken for text: an argument, a tag, a quoted brace.
    for (const message of ['{count} new', 'a <b>bold</b> move', "'{'not an argument'}'", "it''s"])
      expect(plainMessage(message), message).toBeNull()
  })

  it('word a sync’s notice as the core writes it in English (sync-engine’s leftOut)', () => {
    const params = { items: 0, max: 1000, both: 'no', skipped: 1, title: 'T', reason: 'boom' }
    expect(translate('en', 'errors.sync-notice', params)).toBe(
      'left out an item it could not build (“T”: boom)',
    )
    const both = { ...params, items: 3000, both: 'yes', skipped: 2 }
    expect(translate('en', 'errors.sync-notice', both)).toBe(
      'took the newest 1,000 of its 3,000 items; left out 2 items it could not build (“T”: boom)',
    )
    expect(translate('ko', 'errors.sync-notice', both)).toBe(
      '항목 3,000개 중 최신 1,000개만 가져옴; 만들 수 없는 항목 2개 제외(“T”: boom)',
    )
  })

  it('pseudo-localize: accented, about 40% longer, bracketed', () => {
    const text = pseudoLocalize('Settings')
    expect(text).toMatch(/^\[Šéţţîñĝš·+\]$/)
    expect(text.length).toBeGreaterThanOrEqual(Math.round('Settings'.length * 1.4))
    expect(translate(PSEUDO_LOCALE, 'actions.settings')).toBe(text)
  })
})

describe('choosing the language', () => {
  it('takes the setting, else the first preferred language it speaks, else English', () => {
    expect(resolveLocale('ko', ['en-US'])).toBe('ko')
    expect(resolveLocale('en', ['ko-KR'])).toBe('en')
    expect(resolveLocale('system', ['ko-KR', 'en-US'])).toBe('ko')
    expect(resolveLocale('system', ['fr-FR', 'ko'])).toBe('ko')
    expect(resolveLocale('system', ['fr-FR', 'de'])).toBe('en')
    expect(resolveLocale('system', ['ko_KR'])).toBe('ko')
    expect(resolveLocale(undefined, [])).toBe('en')
    expect(resolveLocale('system', ['en-XA'])).toBe(PSEUDO_LOCALE)
    // An unknown setting (a language removed since) falls back to the system's.
    expect(resolveLocale('xx', ['ko-KR'])).toBe('ko')
  })

  it('offers System and every language, no pseudo-locale', () => {
    expect(LANGUAGE_SETTINGS).toEqual(['system', 'en', 'ko'])
  })
})
