import { expect, reader, rows, test } from './support/fixtures'
import { startFixtureServer } from '../helpers/fixture-server'
import { rss2 } from '../helpers/feeds'

const HOSTILE = `<p>Hostile story text.</p>
<script>window.__pwned = 'script'</script>
<img src="/missing.png" onerror="window.__pwned = 'onerror'">
<a href="javascript:window.__pwned='link'">click me</a>
<iframe srcdoc="<script>parent.__pwned='srcdoc'</script>"></iframe>
<svg><script>window.__pwned='svg'</script></svg>
<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned='mxss'"></style></mglyph></table></mtext></math>
<form action="javascript:window.__pwned='form'"><button>go</button></form>`

test('a hostile feed runs nothing, and the CSP blocks an inline script that got into the page', async ({
  page,
  preview,
}) => {
  const server = await startFixtureServer()
  try {
    server.serve('/feed.xml', {
      headers: { 'Content-Type': 'application/rss+xml' },
      body: rss2('<script>window.__pwned="title"</script>Hostile', server.url('/'), [
        {
          id: 'h1',
          title: '<img src=x onerror="window.__pwned=1">Hostile item',
          link: server.url('/h1'),
          content: HOSTILE,
        },
      ]),
    })
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/.test(message.text())) violations.push(message.text())
    })
    await page.goto(preview.url)
    await page.getByRole('button', { name: 'Add a Feed' }).click()
    await page.getByLabel('Feed or website address').fill(server.url('/feed.xml'))
    await page.getByRole('button', { name: 'Subscribe' }).click()
    await expect(rows(page)).toHaveCount(1)
    await rows(page).first().click()
    await expect(reader(page)).toContainText('Hostile story text.')
    const body = reader(page).locator('.article-body')
    // Nothing that could run reached the page.
    expect(await body.locator('script, iframe, form, svg script, [onerror], [onclick]').count()).toBe(0)
    for (const href of await body
      .locator('a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
      expect(href ?? '').not.toMatch(/^\s*javascript:/i)
    }
    await body
      .locator('a', { hasText: 'click me' })
      .click({ trial: false })
      .catch(() => undefined)
    await page.waitForTimeout(300)
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined()

    // Even if something slipped past the sanitizer, the CSP stops it: an inline script and an inline
    // handler, put into the article's DOM, do not run, and the browser reports the violation.
    const ran = await page.evaluate(async () => {
      const seen: string[] = []
      document.addEventListener('securitypolicyviolation', (event) => seen.push(event.effectiveDirective))
      const host = document.querySelector('.article-body')!
      const script = document.createElement('script')
      script.textContent = 'window.__cspInline = true'
      host.append(script)
      const button = document.createElement('button')
      button.setAttribute('onclick', 'window.__cspHandler = true')
      host.append(button)
      button.click()
      await new Promise((done) => setTimeout(done, 200))
      const w = window as { __cspInline?: boolean; __cspHandler?: boolean }
      return { inline: w.__cspInline ?? false, handler: w.__cspHandler ?? false, seen }
    })
    expect(ran.inline).toBe(false)
    expect(ran.handler).toBe(false)
    expect(ran.seen).toEqual(expect.arrayContaining(['script-src-elem', 'script-src-attr']))
    expect(violations.length).toBeGreaterThan(0)
  } finally {
    await server.close()
  }
})
