import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApiHandlers } from '../../../../src/main/core/api/handlers'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { Downloader } from '../../../../src/main/core/sync/downloader'
import { longArticle } from '../../../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('saved-counts')
let server: FixtureServer
let core: Broadsheet

beforeEach(async () => {
  server = await startFixtureServer()
  core = await startServices({
    dataDir: await tempDir(),
    sync: { downloader: new Downloader({ timeoutMs: 3000 }), content: 'in-thread' },
  })
})
afterEach(async () => {
  await core.close()
  await server.close()
})

describe('the Saved pages’ counts', () => {
  it('count saved pages and their unread ones, as the Unread list has them', async () => {
    const api = createApiHandlers(core)
    expect(await api.savedPageCounts()).toEqual({ total: 0, unread: 0 })
    for (const name of ['one', 'two']) {
      server.serve(`/${name}`, {
        headers: { 'Content-Type': 'text/html' },
        body: `<html><head><title>${name}</title></head><body><article>${longArticle(name)}</article></body></html>`,
      })
      await core.sync.save(server.url(`/${name}`))
    }
    const unreadListed = await core.articles.list({ unread: true })
    expect(await api.savedPageCounts()).toEqual({ total: 2, unread: unreadListed.length })
    expect(unreadListed).toHaveLength(2)
    await core.flags.setRead([unreadListed[0]!.id], true)
    expect(await api.savedPageCounts()).toEqual({ total: 2, unread: 1 })
  })
})
