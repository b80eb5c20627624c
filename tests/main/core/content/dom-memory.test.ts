import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { domWindow } from '../../../../src/main/core/content/dom'
import { sanitizeHtml } from '../../../../src/main/core/content/sanitize'
import { pageContent } from '../../../../src/main/core/sync/article-content'

/**
 * What an article's DOM work keeps alive once its job is over (a build worker runs one job per task):
 * nothing of the article. jsdom's nodes are heavy (an article of 10,000 elements is about 100 MB of them).
 * A build worker kept the last article DOMPurify removed anything from, and every long page it extracted
 * (jsdom's window held their named elements): 201 MB after 200 pages of 250 paragraphs.
 */
describe('DOM work leaves nothing behind', () => {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  /** The heap once the current task is over and everything collectable is collected, in MB. */
  const settledHeapMB = async (): Promise<number> => {
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 5))
      gc()
    }
    return process.memoryUsage().heapUsed / 1_048_576
  }
  /** 5,000 paragraphs with a link each (10,000 elements), and a script for the sanitizer to remove. */
  const story = (n: number): string =>
    Array.from(
      { length: 5_000 },
      (_, i) => `<p>Story ${n}, paragraph ${i}, <a href="/p/${i}">a link</a>.</p>`,
    ).join('') + '<script>tracker()</script>'

  it('sanitizing a large article keeps none of its DOM (DOMPurify kept what it removed, with its document)', async () => {
    domWindow()
    sanitizeHtml('<p>warm <script>x</script></p>', 'https://news.example/')
    const before = await settledHeapMB()
    const clean = sanitizeHtml(story(1), 'https://news.example/')
    expect(clean).toContain('href="https://news.example/p/4999"')
    expect(clean).not.toContain('<script')
    const after = await settledHeapMB()
    expect(after - before).toBeLessThan(20)
  })

  it('extracting a large page, its images collected, keeps none of its DOM', async () => {
    const html = `<!doctype html><html><head><title>Long</title></head><body><article><h1>Long</h1>${story(2)}<img src="/lead.jpg"></article></body></html>`
    const input = {
      html,
      pageUrl: 'https://news.example/long',
      itemUrl: 'https://news.example/long',
      base: 'https://news.example/',
      fromFeed: { html: '<p>A summary.</p>', imageUrls: [] },
      leadImage: null,
    }
    pageContent({ ...input, html: html.replace('Long', 'Warm') })
    const before = await settledHeapMB()
    const outcome = pageContent(input)
    expect('content' in outcome && outcome.fromPage).toBe(true)
    if (!('content' in outcome)) return
    expect(outcome.content.clean.imageUrls).toEqual(['https://news.example/lead.jpg'])
    expect(outcome.content.text).toContain('Story 2, paragraph 4999')
    const after = await settledHeapMB()
    expect(after - before).toBeLessThan(20)
  })
})
