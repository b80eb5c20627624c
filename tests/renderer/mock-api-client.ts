import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import { applyLanguage } from '../../src/renderer/src/locale'
import { giveElementsASize, type FakeApi } from './fake-api'

/**
 * The fake behind the mocked client module: tests set `current.fake`, and the renderer's `api` reads
 * through to it (vi.mock factories run before the test file's own code).
 */
export const current: { fake: FakeApi | null } = { fake: null }

export function mockedClientModule() {
  return {
    transport: 'ipc' as const,
    get api() {
      if (!current.fake) throw new Error('no fake API set for this test')
      return current.fake.api
    },
    cacheImageUrl: (hash: string) => `broadsheet-cache://${hash}`,
    withCacheUrls: (html: string) => html,
    downloadFile: async () => undefined,
  }
}

/**
 * A test file's page of the reader over the fake (with `vi.mock` of the client module above it): elements
 * get a size (the list is virtualized), nothing is remembered between tests, and each ends with the page
 * taken down, no fake left to answer a late call, and the interface back in English.
 */
export function withReaderPage(): void {
  beforeEach(() => {
    giveElementsASize()
    localStorage.clear()
  })
  afterEach(() => {
    cleanup()
    current.fake = null
    applyLanguage('en', [])
  })
}
