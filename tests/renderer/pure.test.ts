// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { formatAccelerator, isTypingTarget, matchesAccelerator } from '../../src/renderer/src/commands/keys'
import { createCommandRegistry, menuCommand } from '../../src/renderer/src/commands/registry'
import { highlightTerms, matchedTerms, splitByRanges } from '../../src/renderer/src/highlight'
import { fitWidths, MIN_WIDTHS } from '../../src/renderer/src/state/use-pane-widths'
import { contrastRatio, PALETTES, resolveTheme, TEXT_PAIRS } from '../../src/renderer/src/theme'
import { feedSummary } from './fake-api'

const press = (key: string, init: KeyboardEventInit = {}, target?: EventTarget) => {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, ...init })
  if (target) Object.defineProperty(event, 'target', { value: target })
  return event
}

describe('keys', () => {
  it('match bare letters without modifiers, Shift as part of a letter, and punctuation whatever Shift', () => {
    expect(matchesAccelerator(press('j'), 'J')).toBe(true)
    expect(matchesAccelerator(press('J', { shiftKey: true }), 'J')).toBe(false)
    expect(matchesAccelerator(press('A', { shiftKey: true }), 'Shift+A')).toBe(true)
    expect(matchesAccelerator(press('a'), 'Shift+A')).toBe(false)
    expect(matchesAccelerator(press('j', { ctrlKey: true }), 'J')).toBe(false)
    expect(matchesAccelerator(press('?', { shiftKey: true }), '?')).toBe(true)
    expect(matchesAccelerator(press('f', { ctrlKey: true }), 'CmdOrCtrl+F')).toBe(true)
    expect(matchesAccelerator(press('f', { metaKey: true }), 'CmdOrCtrl+F')).toBe(true)
    expect(matchesAccelerator(press('f'), 'CmdOrCtrl+F')).toBe(false)
    expect(matchesAccelerator(press('Enter'), 'Enter')).toBe(true)
  })

  it('are written the way each platform writes them', () => {
    expect(formatAccelerator('CmdOrCtrl+F', 'darwin')).toBe('⌘F')
    expect(formatAccelerator('CmdOrCtrl+F', 'linux')).toBe('Ctrl+F')
    expect(formatAccelerator('Shift+A', 'win32')).toBe('Shift+A')
    expect(formatAccelerator('j', 'linux')).toBe('J')
  })

  it('know a text field from the rest', () => {
    expect(isTypingTarget(document.createElement('input'))).toBe(true)
    expect(isTypingTarget(document.createElement('textarea'))).toBe(true)
    const box = document.createElement('input')
    box.type = 'checkbox'
    expect(isTypingTarget(box)).toBe(false)
    expect(isTypingTarget(document.createElement('button'))).toBe(false)
  })
})

describe('the command registry', () => {
  it('runs only registered, enabled commands, and finds commands by key', () => {
    const registry = createCommandRegistry()
    const ran: string[] = []
    registry.register({ ...menuCommand('next-article'), run: () => ran.push('next') })
    registry.register({ ...menuCommand('toggle-read'), run: () => ran.push('read'), enabled: () => false })
    registry.register({ ...menuCommand('toggle-bookmark'), run: () => ran.push('bookmark') })
    registry.register({ ...menuCommand('open-article'), run: () => ran.push('open') })
    registry.register({ ...menuCommand('search'), run: () => ran.push('search') })
    expect(registry.commands.map((c) => c.id)).toEqual([
      'next-article',
      'toggle-read',
      'toggle-bookmark',
      'open-article',
      'search',
    ])
    expect(registry.run('next-article')).toBe(true)
    expect(registry.run('toggle-read')).toBe(false)
    expect(registry.run('refresh')).toBe(false)
    expect(ran).toEqual(['next'])
    expect(registry.commandForKey(press('j'))).toBe('next-article')
    expect(registry.commandForKey(press('B'.toLowerCase()))).toBe('toggle-bookmark')
    expect(registry.commandForKey(press('Enter'))).toBe('open-article')
    expect(registry.commandForKey(press('/'))).toBe('search')
    expect(registry.commandForKey(press('f', { ctrlKey: true }))).toBe('search')
    expect(registry.commandForKey(press('r'))).toBeNull()
    // In a text field a letter is typing; Ctrl+F still searches.
    const input = document.createElement('input')
    expect(registry.commandForKey(press('j', {}, input))).toBeNull()
    expect(registry.commandForKey(press('f', { ctrlKey: true }, input))).toBe('search')
  })

  it('takes each command once, with the menu’s name and keys for the menu’s commands', () => {
    const registry = createCommandRegistry()
    registry.register({ ...menuCommand('toggle-bookmark'), run: () => undefined })
    expect(registry.get('toggle-bookmark')).toMatchObject({ label: 'Toggle Bookmark', key: 'S', altKey: 'B' })
    expect(() => registry.register({ ...menuCommand('toggle-bookmark'), run: () => undefined })).toThrow(
      /registered twice/,
    )
  })

  it('hands a row menu’s command its row', () => {
    const registry = createCommandRegistry()
    const renamed: string[] = []
    registry.register({ id: 'feed-rename', label: 'Rename…', run: (feed) => renamed.push(feed.id) })
    expect(registry.run('feed-rename', feedSummary('gazette', 'The Gazette'))).toBe(true)
    expect(renamed).toEqual(['gazette'])
  })
})

describe('highlighting', () => {
  it('cuts text by ranges, merging overlaps and clamping', () => {
    expect(splitByRanges('hello world', [[6, 5]])).toEqual([
      { text: 'hello ', match: false },
      { text: 'world', match: true },
    ])
    expect(
      splitByRanges('abcdef', [
        [1, 3],
        [2, 3],
        [10, 2],
      ]),
    ).toEqual([
      { text: 'a', match: false },
      { text: 'bcde', match: true },
      { text: 'f', match: false },
    ])
    expect(splitByRanges('plain', undefined)).toEqual([{ text: 'plain', match: false }])
    expect(
      matchedTerms('지하철 요금을', [
        [4, 2],
        [0, 3],
      ]),
    ).toEqual(['요금', '지하철'])
  })

  it('marks terms in the markup’s text only, and clears earlier marks', () => {
    const root = document.createElement('div')
    root.innerHTML =
      '<p>The <em>Lighthouse</em> and the lighthouse keeper</p><a href="https://lighthouse.test">x</a>'
    expect(highlightTerms(root, ['lighthouse'])).toBe(2)
    expect([...root.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Lighthouse', 'lighthouse'])
    expect(root.querySelector('a')!.getAttribute('href')).toBe('https://lighthouse.test')
    expect(highlightTerms(root, ['keeper'])).toBe(1)
    expect([...root.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['keeper'])
    expect(root.textContent).toBe('The Lighthouse and the lighthouse keeperx')
    expect(highlightTerms(root, ['a.b*'])).toBe(0)
  })
})

describe('themes', () => {
  it('pass WCAG AA (4.5:1) for every text colour on its background, in both themes', () => {
    for (const [name, palette] of Object.entries(PALETTES)) {
      for (const [fg, bg] of TEXT_PAIRS) {
        expect(contrastRatio(palette[fg], palette[bg]), `${name}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5)
      }
    }
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5)
  })

  it('follow the system when asked', () => {
    expect(resolveTheme('system', true)).toBe('dark')
    expect(resolveTheme('system', false)).toBe('light')
    expect(resolveTheme('light', true)).toBe('light')
  })
})

describe('pane widths', () => {
  it('leave the reader its room from 800 px up', () => {
    const fitted = fitWidths({ sidebar: 400, list: 600 }, 800)
    expect(fitted.sidebar + fitted.list + MIN_WIDTHS.reader).toBeLessThanOrEqual(800)
    expect(fitted.sidebar).toBeGreaterThanOrEqual(MIN_WIDTHS.sidebar)
    expect(fitted.list).toBeGreaterThanOrEqual(MIN_WIDTHS.list)
    expect(fitWidths({ sidebar: 250, list: 380 }, 1600)).toEqual({ sidebar: 250, list: 380 })
  })
})

describe('list times', () => {
  it('show the hour as people write it in each language: no leading zero', async () => {
    const { applyLanguage } = await import('../../src/renderer/src/locale')
    const { formatListTime } = await import('../../src/renderer/src/format')
    const now = new Date(2026, 11, 5, 20, 0).getTime()
    const morning = new Date(2026, 11, 5, 8, 28).getTime()
    try {
      // (The morning's word comes from the runtime's ICU: 오전 in Chromium, AM in some Node builds.)
      applyLanguage('ko', [])
      expect(formatListTime(morning, now)).toMatch(/^\S+ 8:28$/)
      applyLanguage('en', [])
      expect(formatListTime(morning, now)).toBe('8:28 AM')
    } finally {
      applyLanguage('en', [])
    }
  })
})

describe('the strings the reader shows', () => {
  it('read each fixed string from the catalog of the language active when it is read', async () => {
    const { applyLanguage } = await import('../../src/renderer/src/locale')
    const { STRINGS } = await import('../../src/renderer/src/strings')
    const en = (await import('../../src/shared/locales/en.json')).default as Record<string, string>
    const ko = (await import('../../src/shared/locales/ko.json')).default as Record<string, string>
    // Every getter in STRINGS, by its path ("views.all").
    const getters: { path: string; read: () => unknown }[] = []
    const walk = (node: object, path: string): void => {
      for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(node))) {
        const at = path ? `${path}.${name}` : name
        if (descriptor.get) getters.push({ path: at, read: descriptor.get.bind(node) })
        else if (descriptor.value && typeof descriptor.value === 'object') walk(descriptor.value, at)
      }
    }
    walk(STRINGS, '')
    expect(getters.length).toBeGreaterThan(200)
    try {
      applyLanguage('en', [])
      const english = getters.map(({ read }) => read())
      applyLanguage('ko', [])
      const korean = getters.map(({ read }) => read())
      // The English and the Korean of one key: the getter read the catalogs, not a copy made once.
      // (A getter of something else, such as the search help's list of examples, is not a string.)
      const missing = getters.filter(
        (getter, n) =>
          typeof english[n] === 'string' &&
          !Object.keys(en).some((key) => en[key] === english[n] && ko[key] === korean[n]),
      )
      expect(missing.map(({ path }) => path)).toEqual([])
      expect(getters.find(({ path }) => path === 'views.all')?.read()).toBe(ko['views.all'])
      expect(ko['views.all']).not.toBe(en['views.all'])
    } finally {
      applyLanguage('en', [])
    }
  })
})
