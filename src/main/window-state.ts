import { readFileSync, renameSync, writeFileSync } from 'node:fs'

/** Where and how big the main window was when it closed. */
export interface WindowState {
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

/** A display's usable area (Electron's `Display.workArea`). */
export interface Area {
  x: number
  y: number
  width: number
  height: number
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1200, height: 800, maximized: false }
export const MIN_WIDTH = 800
export const MIN_HEIGHT = 500
/** How much of the title bar must lie on a display for a saved position to be reused. */
const VISIBLE_MIN = 64

/**
 * The saved window state, fitted to today's displays: sizes are clamped, and a position that no display
 * shows any more (a monitor unplugged since) is dropped, so the window opens centred instead of offscreen.
 * A missing or unreadable file gives the defaults.
 */
export function loadWindowState(file: string, displays: readonly Area[]): WindowState {
  let saved: Partial<WindowState>
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<WindowState>
  } catch {
    return { ...DEFAULT_WINDOW_STATE }
  }
  const size = (value: unknown, min: number, fallback: number): number =>
    typeof value === 'number' && Number.isFinite(value)
      ? Math.round(Math.min(Math.max(value, min), 16_384))
      : fallback
  const state: WindowState = {
    width: size(saved.width, MIN_WIDTH, DEFAULT_WINDOW_STATE.width),
    height: size(saved.height, MIN_HEIGHT, DEFAULT_WINDOW_STATE.height),
    maximized: saved.maximized === true,
  }
  const { x, y } = saved
  if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)) {
    const titleBar = { x, y, width: state.width, height: VISIBLE_MIN }
    if (displays.some((area) => overlap(area, titleBar) >= VISIBLE_MIN)) {
      state.x = Math.round(x)
      state.y = Math.round(y)
    }
  }
  return state
}

/**
 * Saves synchronously: it runs as the window closes, when the app may quit before an async write ends.
 * A temp file and a rename, so a crash leaves the old state or the new one, never half a file.
 */
export function saveWindowState(file: string, state: WindowState): void {
  const temp = `${file}.${process.pid}.tmp`
  writeFileSync(temp, JSON.stringify(state))
  renameSync(temp, file)
}

/** The width of the overlap of two rectangles, when they overlap vertically at all. */
function overlap(a: Area, b: Area): number {
  const vertical = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  if (vertical <= 0) return 0
  return Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x))
}
