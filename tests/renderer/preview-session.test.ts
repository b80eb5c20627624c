// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { previewImageKey, takePreviewToken } from '../../src/renderer/src/preview-session'

beforeEach(() => {
  sessionStorage.clear()
  history.replaceState(null, '', '/')
  vi.restoreAllMocks()
})

describe('the preview’s token in the page', () => {
  it('comes from the fragment, is kept in this tab’s sessionStorage, and leaves the address bar', () => {
    history.replaceState(null, '', '/?a=1#token=first-run')
    expect(takePreviewToken()).toBe('first-run')
    expect(location.href).toBe('http://localhost:3000/?a=1')
    expect(sessionStorage.getItem('broadsheet-preview-token')).toBe('first-run')
    expect(document.cookie).toBe('')
    // A reload: no fragment any more, the kept token.
    expect(takePreviewToken()).toBe('first-run')
    // A newer run's printed URL on the same port replaces it; other fragment parameters stay.
    history.replaceState(null, '', '/#token=second-run&view=x')
    expect(takePreviewToken()).toBe('second-run')
    expect(location.hash).toBe('#view=x')
    expect(takePreviewToken()).toBe('second-run')
  })

  it('is none without the printed URL', () => {
    expect(takePreviewToken()).toBeNull()
  })

  it('stays in the fragment where storage is refused, so a reload still has it', () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError')
    })
    history.replaceState(null, '', '/#token=kept-in-url')
    expect(takePreviewToken()).toBe('kept-in-url')
    expect(location.hash).toBe('#token=kept-in-url')
  })

  it('derives the image key as the server does (the vector tests/main/core/preview checks too)', async () => {
    expect(await previewImageKey('test-token')).toBe(
      'e4ba046ca10324add77005d7197a5f2d24d2a1228d668e0234cca08b9e1e360b',
    )
  })
})
