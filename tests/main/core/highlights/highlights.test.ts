import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { startServices, type Broadsheet } from '../../../../src/main/core/broadsheet'
import { UserError } from '../../../../src/main/core/errors'
import { applyRetention } from '../../../../src/main/core/sync/retention'
import { makeArticle } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('highlights')
let core: Broadsheet
let dataDir: string

const BODY =
  '<h1>Floods</h1><p>The river rose in the <em>night</em>.</p>\n<p>By morning it had reached the square.</p>' +
  '<p>Nobody in Khabarovsk remembered a flood like it.</p>'

beforeEach(async () => {
  dataDir = await tempDir()
  core = await startServices({ dataDir })
  await core.articles.put([makeArticle(1, { contentHtml: BODY }), makeArticle(2)])
})

const first = makeArticle(1).id
const second = makeArticle(2).id

describe('highlights', () => {
  it('adds one by its text (as `show` prints it, across a paragraph break) and lists it', async () => {
    const added = await core.highlights.add(
      { articleId: first, text: 'in the night.\n\nBy morning' },
      { note: '  check the date  ', color: 'green' },
    )
    expect(added).toMatchObject({
      articleId: first,
      text: 'in the night. By morning',
      note: 'check the date',
      color: 'green',
      orphaned: false,
      articleTitle: 'Article 1 of feed-a',
    })
    expect(added.prefix).toBe('FloodsThe river rose ')
    const listed = await core.highlights.list(first)
    expect(listed.map((h) => h.id)).toEqual([added.id])
    expect(await core.highlights.list(second)).toEqual([])
  })

  it('refuses text that is not in the article, an unknown article, a bad colour or range', async () => {
    await expect(core.highlights.add({ articleId: first, text: 'Vladivostok' })).rejects.toThrow(
      /the text "Vladivostok" does not occur in article/,
    )
    await expect(core.highlights.add({ articleId: 'nope', text: 'river' })).rejects.toBeInstanceOf(UserError)
    await expect(
      core.highlights.add({ articleId: first, text: 'river' }, { color: 'mauve' as never }),
    ).rejects.toThrow(/no colour "mauve"/)
    await expect(core.highlights.add({ articleId: first, start: 5, end: 5 })).rejects.toThrow(/not a passage/)
    expect(await core.highlights.list()).toEqual([])
  })

  it('follows its text when the article is stored again with more before it, and orphans it when gone', async () => {
    const h = await core.highlights.add({ articleId: first, text: 'Khabarovsk' })
    await core.articles.put([makeArticle(1, { contentHtml: `<p>Update: the water is falling.</p>${BODY}` })])
    const [moved] = await core.highlights.list(first)
    expect(moved!.orphaned).toBe(false)
    expect(moved!.start).toBeGreaterThan(h.start)
    await core.articles.put([makeArticle(1, { contentHtml: '<p>Rewritten entirely.</p>' })])
    const [orphan] = await core.highlights.list(first)
    expect(orphan).toMatchObject({ id: h.id, orphaned: true, text: 'Khabarovsk' })
  })

  it('adds one by offsets, checked against the text the reader saw there', async () => {
    const { text } = await core.highlights.add({ articleId: first, start: 0, end: 6 })
    expect(text).toBe('Floods')
    // Offsets that drifted by a character: the text the reader saw wins, at its nearest place.
    const moved = await core.highlights.add({ articleId: first, start: 11, end: 16, expect: 'river' })
    expect(moved).toMatchObject({ text: 'river', start: 10, end: 15 })
    await expect(
      core.highlights.add({ articleId: first, start: 0, end: 6, expect: 'Typhoon' }),
    ).rejects.toThrow(/"Typhoon" does not occur/)
  })

  it('edits a note and a colour, removes, and restores (undo) as it was', async () => {
    const h = await core.highlights.add({ articleId: first, text: 'the square' })
    const edited = await core.highlights.update(h.id, { note: 'Lenin Square', color: 'blue' })
    expect(edited).toMatchObject({ note: 'Lenin Square', color: 'blue', created: h.created })
    const removed = await core.highlights.remove(h.id)
    expect(await core.highlights.list()).toEqual([])
    await core.highlights.restore(removed)
    expect((await core.highlights.list()).map((x) => [x.id, x.note])).toEqual([[h.id, 'Lenin Square']])
    await expect(core.highlights.remove('missing')).rejects.toThrow(/no highlight with id missing/)
  })

  it('lists every article’s newest first, and the app and a second process share them', async () => {
    const a = await core.highlights.add({ articleId: first, text: 'river' })
    const other = await startServices({ dataDir })
    const b = await other.highlights.add({ articleId: second, text: 'Second paragraph' })
    expect((await core.highlights.list()).map((h) => h.id)).toEqual([b.id, a.id])
  })

  it('keeps highlighted articles through retention and unsubscribing', async () => {
    await core.highlights.add({ articleId: first, text: 'river' })
    const removed = await applyRetention(core, new Date(Date.now() + 400 * 86_400_000))
    expect(removed.articles.map((a) => a.id)).toEqual([second])
    expect(await core.articles.get(first)).not.toBeNull()

    await core.subscriptions.add([{ url: 'http://127.0.0.1:9/feed' }])
    const [feed] = await core.subscriptions.summaries()
    const mine = [makeArticle(3, { feedId: feed!.id }), makeArticle(4, { feedId: feed!.id })]
    await core.articles.put(mine)
    await core.highlights.add({ articleId: mine[0]!.id, text: 'Second paragraph' })
    expect(await core.subscriptions.unsubscribe(feed!.id)).toMatchObject({ removed: 1, kept: 1 })
    expect(await core.articles.get(mine[0]!.id)).not.toBeNull()
  })

  it('keeps the readable highlights of a damaged file and sets the file aside', async () => {
    const h = await core.highlights.add({ articleId: first, text: 'river' })
    const path = join(dataDir, 'highlights.json')
    const data = JSON.parse(readFileSync(path, 'utf8')) as { highlights: unknown[] }
    writeFileSync(path, JSON.stringify({ highlights: [...data.highlights, { id: 7 }] }))
    expect((await core.highlights.list()).map((x) => x.id)).toEqual([h.id])
    expect(core.damage.at(-1)).toMatchObject({ file: path, reason: '1 of its 2 entries are not highlights' })
    expect(readFileSync(core.damage.at(-1)!.keptAt, 'utf8')).toContain('"id":7')
    writeFileSync(path, '{"highlights": [')
    expect(await core.highlights.list()).toEqual([])
    expect(core.damage.at(-1)!.keptAt).toMatch(/quarantine/)
  })
})
