import { beforeEach, describe, expect, it } from 'vitest'
import { startServices } from '../../src/main/core/broadsheet'
import { makeArticle } from '../helpers/make-articles'
import { cliIn, expectOk, expectOneLineError } from '../helpers/run-cli'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs('cli-smart')
let cli: ReturnType<typeof cliIn>
let dir: string
let ids: string[]

beforeEach(async () => {
  dir = await tempDir()
  const core = await startServices({ dataDir: dir })
  await core.subscriptions.add([{ url: 'https://news.test/feed', title: 'News', folder: 'World' }])
  const [feed] = await core.subscriptions.summaries()
  const texts = ['A flood in the north.', 'Another flood, in the south.', 'Elections next week.']
  const articles = texts.map((text, i) =>
    makeArticle(i, { feedId: feed!.id, contentHtml: `<p>${text}</p>`, contentText: text }),
  )
  await core.articles.put(articles)
  ids = articles.map((a) => a.id)
  await core.close()
  cli = cliIn(dir)
})

describe('broadsheet smart', () => {
  it('adds a saved search, lists it with live counts, lists its articles newest first, and removes it', async () => {
    const add = await cli('smart', 'add', 'Floods', 'flood folder:World', '--json')
    expectOk(add)
    const { id } = JSON.parse(add.stdout) as { id: string }
    const list = () => cli('smart', 'list', '--json').then((run) => JSON.parse(run.stdout) as object[])
    expect(await list()).toEqual([{ id, name: 'Floods', query: 'flood folder:World', unread: 2, total: 2 }])

    expectOk(await cli('read', ids[1]!))
    expect(await list()).toEqual([{ id, name: 'Floods', query: 'flood folder:World', unread: 1, total: 2 }])

    const articles = JSON.parse((await cli('articles', '--smart', id.slice(0, 8), '--json')).stdout) as {
      id: string
    }[]
    expect(articles.map((a) => a.id)).toEqual([ids[1], ids[0]])
    const unread = JSON.parse((await cli('articles', '--smart', id, '--unread', '--json')).stdout) as {
      id: string
    }[]
    expect(unread.map((a) => a.id)).toEqual([ids[0]])

    expectOk(await cli('smart', 'remove', id))
    expect(await list()).toEqual([])
  })

  it('refuses a malformed query with the search’s own explanation, and stores nothing', async () => {
    expectOneLineError(await cli('smart', 'add', 'Bad', '"flood'), 1, 'a quote is never closed')
    expectOneLineError(
      await cli('smart', 'add', 'Bad', 'is:purple'),
      1,
      '"is:purple" is not a filter: use is:unread, is:read, is:bookmarked, is:saved or is:hidden',
    )
    expectOneLineError(
      await cli('smart', 'add', 'Bad', 'flood folder:Sport'),
      1,
      'there is no folder named "Sport"',
    )
    expect(JSON.parse((await cli('smart', 'list', '--json')).stdout)).toEqual([])
    expectOneLineError(await cli('smart', 'remove', 'nope'), 1, 'no smart feed with id nope')
  })
})
