import { DEFAULT_SETTINGS, type Settings, type Theme } from '../../shared/types'

/** The colours of one theme; every text/background pair the UI uses passes WCAG AA (a test checks). */
export interface Palette {
  background: string
  surface: string
  text: string
  muted: string
  border: string
  accent: string
  accentText: string
  selection: string
  selectionText: string
  mark: string
  markText: string
  danger: string
  focus: string
  /** Highlights' colours, behind the article's text. */
  highlightYellow: string
  highlightGreen: string
  highlightBlue: string
  highlightPink: string
  highlightPurple: string
}

export const PALETTES: Record<'light' | 'dark', Palette> = {
  light: {
    background: '#ffffff',
    surface: '#f5f4f0',
    text: '#1d1d1f',
    muted: '#595960',
    border: '#d6d3cc',
    accent: '#1a5fb4',
    accentText: '#ffffff',
    selection: '#dce8f8',
    selectionText: '#111114',
    mark: '#ffe27a',
    markText: '#1d1d1f',
    danger: '#b3261e',
    focus: '#1a5fb4',
    highlightYellow: '#fff1a8',
    highlightGreen: '#cdeec4',
    highlightBlue: '#cfe3fb',
    highlightPink: '#fbd3e2',
    highlightPurple: '#e3d7fa',
  },
  dark: {
    background: '#19191b',
    surface: '#222225',
    text: '#e9e7e3',
    muted: '#a9a7a2',
    border: '#3a3a3f',
    accent: '#8ab4f8',
    accentText: '#0d1b2e',
    selection: '#2c3a52',
    selectionText: '#f4f3f0',
    mark: '#6e5c00',
    markText: '#ffffff',
    danger: '#ffb4ab',
    focus: '#8ab4f8',
    highlightYellow: '#5a4d06',
    highlightGreen: '#1f4a29',
    highlightBlue: '#1d3d63',
    highlightPink: '#5a2440',
    highlightPurple: '#412f68',
  },
}

/** The pairs of (foreground, background) the UI draws text with. */
export const TEXT_PAIRS: [keyof Palette, keyof Palette][] = [
  ['text', 'background'],
  ['text', 'surface'],
  ['muted', 'background'],
  ['muted', 'surface'],
  ['accent', 'background'],
  ['accent', 'surface'],
  ['accentText', 'accent'],
  ['selectionText', 'selection'],
  ['markText', 'mark'],
  ['danger', 'background'],
  ['danger', 'surface'],
  ['text', 'highlightYellow'],
  ['text', 'highlightGreen'],
  ['text', 'highlightBlue'],
  ['text', 'highlightPink'],
  ['text', 'highlightPurple'],
]

function channel(hex: string, offset: number): number {
  const value = parseInt(hex.slice(offset, offset + 2), 16) / 255
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
}

function luminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5)
}

/** WCAG 2 contrast ratio of two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

/** The theme to draw now: "system" follows the operating system's preference. */
export function resolveTheme(theme: Theme, prefersDark: boolean): 'light' | 'dark' {
  return theme === 'system' ? (prefersDark ? 'dark' : 'light') : theme
}

const CSS_NAMES: Record<keyof Palette, string> = {
  background: '--bg',
  surface: '--surface',
  text: '--text',
  muted: '--muted',
  border: '--border',
  accent: '--accent',
  accentText: '--accent-text',
  selection: '--selection',
  selectionText: '--selection-text',
  mark: '--mark',
  markText: '--mark-text',
  danger: '--danger',
  focus: '--focus',
  highlightYellow: '--highlight-yellow',
  highlightGreen: '--highlight-green',
  highlightBlue: '--highlight-blue',
  highlightPink: '--highlight-pink',
  highlightPurple: '--highlight-purple',
}

/** The reader's typefaces: the setting names one, the article is set in it. */
const READER_FONTS: Record<Settings['fontFamily'], string> = {
  serif: "'Iowan Old Style', 'Noto Serif', 'Noto Serif CJK KR', Georgia, serif",
  sans: "system-ui, 'Noto Sans', 'Noto Sans CJK KR', sans-serif",
}

function setPalette(palette: Palette, root: HTMLElement): void {
  for (const key of Object.keys(CSS_NAMES) as (keyof Palette)[]) {
    root.style.setProperty(CSS_NAMES[key], palette[key])
  }
}

/**
 * What the page looks like before the settings have come: the default settings, in the light palette.
 * The stylesheet declares no colour or reading size of its own (this file and the default settings are
 * their one source), so this runs before the first render.
 */
export function applyStartupAppearance(root = document.documentElement): void {
  applyAppearance({ ...DEFAULT_SETTINGS, theme: 'light' }, false, root)
}

/** Sets the theme's colours and the reading typography as CSS variables on the document. */
export function applyAppearance(
  settings: Settings,
  prefersDark: boolean,
  root = document.documentElement,
): void {
  const name = resolveTheme(settings.theme, prefersDark)
  setPalette(PALETTES[name], root)
  root.dataset.theme = name
  root.style.colorScheme = name
  root.style.setProperty('--reader-font-size', `${settings.fontSize}px`)
  root.style.setProperty('--reader-line-width', `${settings.lineWidth}ch`)
  root.style.setProperty('--reader-font', READER_FONTS[settings.fontFamily])
}
