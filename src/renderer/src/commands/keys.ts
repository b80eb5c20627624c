/**
 * Keys in Electron accelerator syntax ("J", "Shift+A", "CmdOrCtrl+F", "/"), matched against keyboard
 * events and shown to people. The menu and the renderer read the same strings from src/shared/commands.
 */

interface KeyChord {
  key: string
  shift: boolean
  /** Ctrl on Linux and Windows, Cmd on macOS (either is accepted: the renderer cannot always tell). */
  command: boolean
  alt: boolean
}

export function parseAccelerator(accelerator: string): KeyChord {
  const parts = accelerator.split('+')
  // "Shift++" would name the plus key; none of ours does, but keep a trailing empty part as "+".
  const key = parts.pop() || '+'
  const modifiers = new Set(parts.map((part) => part.toLowerCase()))
  return {
    key,
    shift: modifiers.has('shift'),
    command: modifiers.has('cmdorctrl') || modifiers.has('commandorcontrol') || modifiers.has('ctrl'),
    alt: modifiers.has('alt'),
  }
}

/** Whether a key press is this accelerator. */
export function matchesAccelerator(event: KeyboardEvent, accelerator: string): boolean {
  const chord = parseAccelerator(accelerator)
  if (event.altKey !== chord.alt) return false
  if ((event.ctrlKey || event.metaKey) !== chord.command) return false
  const key = event.key
  // Space is a page down, Shift+Space a page up: Shift is part of the chord.
  if (chord.key === 'Space') return key === ' ' && event.shiftKey === chord.shift
  if (chord.key.length === 1 && /[a-z]/i.test(chord.key)) {
    // A letter: Shift is part of the chord ("A" and "Shift+A" differ).
    return key.toLowerCase() === chord.key.toLowerCase() && event.shiftKey === chord.shift
  }
  // Punctuation ("?", "/", ","): keyboards need Shift for some of them, so Shift is not compared.
  return key === chord.key
}

/** An accelerator as this platform writes it: "⌘F" on macOS, "Ctrl+F" elsewhere, "Shift+A". */
export function formatAccelerator(accelerator: string, platform: string): string {
  const chord = parseAccelerator(accelerator)
  const mac = platform === 'darwin'
  const parts: string[] = []
  if (chord.command) parts.push(mac ? '⌘' : 'Ctrl')
  if (chord.alt) parts.push(mac ? '⌥' : 'Alt')
  if (chord.shift) parts.push(mac ? '⇧' : 'Shift')
  parts.push(chord.key.length === 1 ? chord.key.toUpperCase() : chord.key)
  return mac ? parts.join('') : parts.join('+')
}

/**
 * True when Space on this element activates it (a button, a link, a checkbox, a menu item): there Space is
 * the element's, not the reader's page down.
 */
export function isActivationTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false
  return (
    target.closest(
      'button, a[href], input, select, textarea, summary, [role="button"], [role="checkbox"], [role="menuitem"], [role="switch"], [role="tab"], [role="separator"]',
    ) !== null
  )
}

/** True when a key press belongs to a text field (a bare letter there is typing, not a command). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type)
  }
  return false
}
