import { beforeEach, describe, expect, it } from 'vitest'
import { startServices } from '../../src/main/core/broadsheet'
import { makeArticle } from '../helpers/make-articles'
import { cliIn, expectOk, expectOneLineError } from '../helpers/run-cli'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs('cli-rules')
let cli: ReturnType<typeof cliIn>
let dir: string
let ids: string[]
let feedId: string

beforeEach(async () => {
  dir = await tempDir()
  const core = await startServices({ dataDir: dir })
  await core.subscriptions.add([{ url: 'https://news.test/feed', title: 'News', folder: 'World' }])
  const [feed] = await core.subscriptions.summaries()
  feedId = feed!.id
  const texts = ['A flood in the north.', 'Another flood, in the south.', 'Elections next week.']
  const articles = texts.map((text, i) =>
    makeArticle(i, { feedId, title: `Story ${i}`, contentHtml: `<p>${text}</p>`, contentText: text }),
  )
  await core.articles.put(articles)
  ids = articles.map((a) => a.id)
  await core.close()
  cli = cliIn(dir)
})

describe('broadsheet rule', () => {
  it('adds rules, lists them in order with their scope, tests a query, and removes one by its id’s start', async () => {
    const add = await cli('rule', 'add', 'flood', '--then', 'hide', '--folder', 'World', '--json')
    expectOk(add)
    const { id } = JSON.parse(add.stdout) as { id: string }
    const second = await cli('rule', 'add', 'elections is:unread', '--then', 'notify', '--feed', feedId)
    expectOk(second)
    expect(second.stdout).toMatch(/^Added rule \S+: elections is:unread → notify\n$/)
    const list = JSON.parse((await cli('rule', 'list', '--json')).stdout) as { id: string }[]
    expect(list).toEqual([
      { id, query: 'flood', action: 'hide', feed: null, folder: 'World', matched: 0, active: true },
      {
        id: expect.any(String),
        query: 'elections is:unread',
        action: 'notify',
        feed: feedId,
        folder: null,
        matched: 0,
        active: true,
      },
    ])
    const test = await cli('rule', 'test', 'flood')
    expectOk(test)
    expect(test.stdout).toContain('2 cached articles match')
    expect(test.stdout).toContain('Story 1')
    expect(JSON.parse((await cli('rule', 'test', 'flood', '--json')).stdout)).toMatchObject({
      count: 2,
      samples: [{ id: ids[1], title: 'Story 1' }, { id: ids[0] }],
    })
    expectOk(await cli('rule', 'remove', id.slice(0, 8)))
    expect((JSON.parse((await cli('rule', 'list', '--json')).stdout) as unknown[]).length).toBe(1)
  })

  it('refuses a malformed query or a missing action with one line, and stores nothing', async () => {
    expectOneLineError(await cli('rule', 'add', '"flood', '--then', 'hide'), 1, 'a quote is never closed')
    expectOneLineError(
      await cli('rule', 'add', 'is:purple', '--then', 'hide'),
      1,
      '"is:purple" is not a filter',
    )
    expectOneLineError(
      await cli('rule', 'add', 'flood', '--then', 'hide', '--folder', 'Sport'),
      1,
      'there is no folder named "Sport"',
    )
    const noAction = await cli('rule', 'add', 'flood')
    expect(noAction.code).not.toBe(0)
    expect(noAction.stderr).toContain('--then')
    const badAction = await cli('rule', 'add', 'flood', '--then', 'delete')
    expect(badAction.code).not.toBe(0)
    expect(badAction.stderr).toContain('read, bookmark, hide, notify')
    expect(JSON.parse((await cli('rule', 'list', '--json')).stdout)).toEqual([])
    expectOneLineError(await cli('rule', 'remove', 'nope'), 1, 'no rule with id nope')
  })

  it('hides and unhides articles: articles --hidden lists them, search finds them with is:hidden only', async () => {
    expectOk(await cli('hide', ids[0]!))
    const listed = (args: string[]) =>
      cli('articles', ...args, '--json').then((run) =>
        (JSON.parse(run.stdout) as { id: string }[]).map((a) => a.id),
      )
    expect(await listed([])).toEqual([ids[2], ids[1]])
    expect(await listed(['--hidden'])).toEqual([ids[0]])
    const search = async (query: string) =>
      (JSON.parse((await cli('search', query, '--json')).stdout) as { id: string }[]).map((r) => r.id)
    expect(await search('flood')).toEqual([ids[1]])
    expect(await search('flood is:hidden')).toEqual([ids[0]])
    expectOk(await cli('unhide', ids[0]!))
    expect(await listed(['--hidden'])).toEqual([])
  })
})
