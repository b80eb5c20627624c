// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openInBrowser } from '../../src/renderer/src/open-link'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('opening a link from an article', () => {
  it('opens web and mail links, but not a mailto that would attach the reader’s files', () => {
    const open = vi.spyOn(window, 'open').mockImplementation(() => null)
    expect(openInBrowser('https://news.test/story')).toBe(true)
    expect(openInBrowser('mailto:desk@news.test?subject=Tip')).toBe(true)
    expect(openInBrowser('mailto:desk@news.test?attach=/etc/passwd')).toBe(false)
    expect(openInBrowser('mailto:desk@news.test?subject=x&attachment=%7E/.ssh/id_rsa')).toBe(false)
    expect(openInBrowser('javascript:alert(1)')).toBe(false)
    expect(open.mock.calls.map(([url]) => url)).toEqual([
      'https://news.test/story',
      'mailto:desk@news.test?subject=Tip',
    ])
  })
})
