import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { startServices } from '../../src/main/core/broadsheet'
import { makeArticle } from '../helpers/make-articles'
import { cliIn, expectOk, expectOneLineError } from '../helpers/run-cli'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs('cli-highlights')
let cli: ReturnType<typeof cliIn>
let out: string
const article = makeArticle(1, {
  title: 'Floods',
  contentHtml: '<p>The river rose in the night.</p><p>Nobody in Khabarovsk remembered a flood like it.</p>',
})
const other = makeArticle(2)

beforeEach(async () => {
  const dir = await tempDir()
  out = await tempDir()
  const core = await startServices({ dataDir: dir })
  await core.articles.put([article, other])
  await core.close()
  cli = cliIn(dir)
})

interface HighlightJson {
  id: string
  articleId: string
  text: string
  note: string
  color: string
  created: string
  orphaned: boolean
}

describe('broadsheet highlight', () => {
  it('adds, lists (as JSON with exactly the documented fields) and removes', async () => {
    const add = await cli(
      'highlight',
      'add',
      article.id,
      '--text',
      'night. Nobody',
      '--note',
      'Which night?',
      '--color',
      'pink',
      '--json',
    )
    expectOk(add)
    const added = JSON.parse(add.stdout) as HighlightJson
    expect(Object.keys(added).sort()).toEqual([
      'articleId',
      'color',
      'created',
      'id',
      'note',
      'orphaned',
      'text',
    ])
    expect(added).toMatchObject({
      articleId: article.id,
      text: 'night.Nobody',
      note: 'Which night?',
      color: 'pink',
    })
    expectOk(await cli('highlight', 'add', other.id, '--text', 'Second paragraph'))

    const mine = await cli('highlights', article.id, '--json')
    expect((JSON.parse(mine.stdout) as HighlightJson[]).map((h) => h.id)).toEqual([added.id])
    const all = JSON.parse((await cli('highlights', '--json')).stdout) as HighlightJson[]
    expect(all).toHaveLength(2)
    expect(all[1]!.id).toBe(added.id)

    const table = await cli('highlights')
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+CREATED\s+COLOR\s+TEXT\s+NOTE$/)
    expect(table.stdout).toContain('Which night?')

    // Ids may be shortened to a unique start of 6 or more characters, as everywhere in the CLI.
    const short = await cli('highlights', article.id.slice(0, 8), '--json')
    expect((JSON.parse(short.stdout) as HighlightJson[]).map((h) => h.id)).toEqual([added.id])
    expectOk(await cli('highlight', 'remove', added.id.slice(0, 7)))
    expect(JSON.parse((await cli('highlights', article.id, '--json')).stdout)).toEqual([])
  })

  it('says in one line when the text is not in the article, or the article or highlight does not exist', async () => {
    expectOneLineError(
      await cli('highlight', 'add', article.id, '--text', 'Vladivostok'),
      1,
      `the text "Vladivostok" does not occur in article ${article.id}`,
    )
    expectOneLineError(await cli('highlight', 'add', 'nope', '--text', 'river'), 1, 'no article with id nope')
    expectOneLineError(
      await cli('highlight', 'add', article.id, '--text', 'river', '--color', 'mauve'),
      2,
      /mauve/,
    )
    expectOneLineError(await cli('highlight', 'remove', 'nope'), 1, 'no highlight with id nope')
    expectOneLineError(await cli('highlights', 'nope'), 1, 'no article with id nope')
    expect(JSON.parse((await cli('highlights', '--json')).stdout)).toEqual([])
  })
})

describe('broadsheet export', () => {
  it('writes each format and says what it wrote', async () => {
    expectOk(await cli('highlight', 'add', article.id, '--text', 'Khabarovsk', '--note', 'far east'))
    for (const format of ['md', 'html', 'epub']) {
      const path = join(out, `floods.${format}`)
      const run = await cli('export', article.id, other.id, '--format', format, '--out', path)
      expectOk(run)
      expect(run.stdout).toBe(`Exported 2 articles (0 images, 1 highlight) to ${path}\n`)
      expect(readFileSync(path).length).toBeGreaterThan(200)
    }
    expect(readFileSync(join(out, 'floods.md'), 'utf8')).toContain('==Khabarovsk==[^1-1]')
    const json = await cli('export', '--bookmarked', '--format', 'md', '--out', join(out, 'b.md'), '--json')
    expectOneLineError(json, 1, 'nothing to export: Bookmarks has no articles')
  })

  it('exports a folder (by name or path, its subfolders too) and a smart feed', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    await core.subscriptions.add([
      { url: 'http://127.0.0.1:9/world', title: 'World', folder: 'News/World' },
      { url: 'http://127.0.0.1:9/tech', title: 'Tech', folder: 'Tech' },
    ])
    const [world, tech] = ['World', 'Tech'].map((t) => core.subscriptions.feeds().find((f) => f.title === t)!)
    await core.articles.put([
      makeArticle(10, {
        feedId: world!.id,
        title: 'Storm',
        contentHtml: '<p>A storm came.</p>',
        contentText: 'A storm came.',
      }),
      makeArticle(11, {
        feedId: world!.id,
        title: 'Calm',
        contentHtml: '<p>The sea was calm.</p>',
        contentText: 'The sea was calm.',
      }),
      makeArticle(12, {
        feedId: tech!.id,
        title: 'Chips',
        contentHtml: '<p>A storm of chips.</p>',
        contentText: 'A storm of chips.',
      }),
    ])
    const storms = await core.smart.add('Storms', 'storm')
    await core.close()
    const run = cliIn(dir)
    const exported = async (...args: string[]) => {
      const path = join(out, `${args.join('-').replace(/\W+/g, '_')}.html`)
      const result = await run('export', ...args, '--format', 'html', '--out', path)
      expectOk(result)
      return readFileSync(path, 'utf8')
    }
    // "News" holds World through its subfolder; its path and its name work alike.
    for (const html of [await exported('--folder', 'news'), await exported('--folder', 'News/World')]) {
      expect(html).toContain('Storm')
      expect(html).toContain('Calm')
      expect(html).not.toContain('Chips')
    }
    const smart = await exported('--smart', storms.id.slice(0, 8))
    expect(smart).toContain('Chips')
    expect(smart).not.toContain('Calm')
    expectOneLineError(
      await run('export', '--folder', 'Sport', '--format', 'md', '--out', join(out, 's.md')),
      1,
      'there is no folder named "Sport"',
    )
  })

  it('refuses a request that names no articles, or two sources, or a bad format', async () => {
    expectOneLineError(
      await cli('export', '--format', 'md', '--out', join(out, 'x.md')),
      1,
      'export: give article ids, or one of --bookmarked, --feed ID, --folder NAME, --smart ID, --search QUERY',
    )
    expectOneLineError(
      await cli('export', article.id, '--bookmarked', '--format', 'md', '--out', join(out, 'x.md')),
      1,
      'export: give article ids, or one of',
    )
    expectOneLineError(
      await cli('export', article.id, '--format', 'pdf', '--out', join(out, 'x.pdf')),
      2,
      /pdf/,
    )
    expectOneLineError(
      await cli('export', article.id, '--format', 'html', '--out', join(out, 'no', 'x.html')),
      1,
      `cannot write ${join(out, 'no', 'x.html')}: its folder does not exist`,
    )
  })
})
