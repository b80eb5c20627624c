// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import stylesheet from '../../src/renderer/src/styles.css?raw'
import { applyAppearance, applyStartupAppearance, PALETTES } from '../../src/renderer/src/theme'
import { SETTINGS } from './fake-api'

/** The custom properties an element's inline style sets, with their values. */
function propertiesSet(element: HTMLElement): Map<string, string> {
  const set = new Map<string, string>()
  for (let i = 0; i < element.style.length; i++) {
    const name = element.style.item(i)
    if (name.startsWith('--')) set.set(name, element.style.getPropertyValue(name))
  }
  return set
}

const declaredInStylesheet = new Set([...stylesheet.matchAll(/(--[a-z-]+)\s*:/g)].map((m) => m[1]!))
const usedInStylesheet = new Set([...stylesheet.matchAll(/var\((--[a-z-]+)/g)].map((m) => m[1]!))

describe('the palette has one source, theme.ts', () => {
  it('the stylesheet writes no colour value of its own', () => {
    expect(stylesheet.match(/#[0-9a-f]{3,8}\b/gi)).toBeNull()
    for (const name of propertiesSet(startup()).keys())
      expect(declaredInStylesheet.has(name), name).toBe(false)
  })

  it('every variable the stylesheet uses is set at startup, by the stylesheet or by theme.ts', () => {
    const atStartup = propertiesSet(startup())
    expect(usedInStylesheet.size).toBeGreaterThan(10)
    for (const name of usedInStylesheet) {
      expect(atStartup.has(name) || declaredInStylesheet.has(name), name).toBe(true)
    }
    expect(atStartup.get('--bg')).toBe(PALETTES.light.background)
  })

  it('a theme sets every colour of its palette, and the same names as at startup', () => {
    for (const theme of ['light', 'dark'] as const) {
      const root = document.createElement('div')
      applyAppearance({ ...SETTINGS, theme }, false, root)
      const set = propertiesSet(root)
      expect([...set.values()]).toEqual(expect.arrayContaining(Object.values(PALETTES[theme])))
      for (const name of propertiesSet(startup()).keys()) expect(set.has(name), name).toBe(true)
      expect(root.dataset.theme).toBe(theme)
    }
  })
})

function startup(): HTMLElement {
  const root = document.createElement('div')
  applyStartupAppearance(root)
  return root
}
