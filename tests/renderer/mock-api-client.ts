import type { FakeApi } from './fake-api'

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
