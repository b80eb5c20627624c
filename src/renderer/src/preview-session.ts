import { PREVIEW_IMAGE_KEY_CONTEXT, PREVIEW_TOKEN_FRAGMENT } from '../../shared/preview'

/** Where the page keeps the token across reloads. */
const STORAGE_KEY = 'broadsheet-preview-token'

/**
 * The browser preview's token: from the URL's fragment when the page was opened with the printed URL
 * (`#token=…`), else from this tab's sessionStorage, where the fragment's token is kept so a reload
 * still has it.
 *
 * sessionStorage, not a cookie: storage belongs to the one origin (scheme, host and port), while a
 * cookie for 127.0.0.1 goes to every port of it; and nothing in storage is sent anywhere unless this
 * page sends it. Not localStorage: the token is one run's, and sessionStorage ends with the tab. Once
 * kept, the fragment leaves the address bar, so the token is not in a screenshot, a copied link or a
 * later history entry; where storage is refused, the fragment stays, so a reload still works.
 */
export function takePreviewToken(): string | null {
  const fragment = new URLSearchParams(location.hash.slice(1))
  const fromFragment = fragment.get(PREVIEW_TOKEN_FRAGMENT)
  const storage = sessionStorageOrNull()
  if (!fromFragment) return storage?.getItem(STORAGE_KEY) ?? null
  if (storage) {
    // A newer run's printed URL wins over a token kept from an earlier run on the same port.
    storage.setItem(STORAGE_KEY, fromFragment)
    fragment.delete(PREVIEW_TOKEN_FRAGMENT)
    const rest = fragment.toString()
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`)
  }
  return fromFragment
}

/** The run's key for image addresses, derived from the token as the server does (SHA-256, hex). */
export async function previewImageKey(token: string): Promise<string> {
  const bytes = new TextEncoder().encode(`${PREVIEW_IMAGE_KEY_CONTEXT}${token}`)
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

function sessionStorageOrNull(): Storage | null {
  try {
    // Reading the property throws where the user has turned storage off.
    const storage = window.sessionStorage
    storage.setItem(`${STORAGE_KEY}-probe`, '1')
    storage.removeItem(`${STORAGE_KEY}-probe`)
    return storage
  } catch {
    return null
  }
}
