import { createHash } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { startFixtureServer } from '../helpers/fixture-server'
import { addFeedWithMouse, articleImagesLoaded, expect, reader, rows, test } from './support/fixtures'

/**
 * The security review's finding: browsers do not separate cookies by port, so a credential kept in a
 * cookie for 127.0.0.1 reaches every other server on 127.0.0.1 the user visits. Here the user reads in the
 * preview, then visits another local web server in the same browser. That server must receive nothing it
 * could replay, and its page must not reach the API nor learn, through a cached image, what the user reads.
 */
test('another server on 127.0.0.1 gets no credential from the preview, and its page no access', async ({
  page,
  site,
  preview,
  pageErrors,
}) => {
  const previewOrigin = new URL(preview.url).origin
  const token = /token=([\w-]+)/.exec(preview.url)?.[1]
  expect(token).toBeDefined()

  await page.goto(preview.url)
  await addFeedWithMouse(page, site.home)
  await expect(rows(page)).toHaveCount(site.stories.length)
  const story = site.stories[0]!
  await rows(page).filter({ hasText: story.title }).click()
  await expect(reader(page).getByRole('heading', { level: 1 })).toHaveText(story.title)
  await expect.poll(async () => (await articleImagesLoaded(page)).loaded).toBe(1)
  // The attacker knows the story's picture (it is public) and so its content hash: the reader shows it.
  const picture = Buffer.from(await (await fetch(story.image)).arrayBuffer())
  const knownHash = createHash('sha256').update(picture).digest('hex')
  expect((await articleImagesLoaded(page)).sources[0]).toMatch(new RegExp(`${knownHash}$`))

  // The token is in no cookie and has left the address bar, yet a reload keeps everything working:
  // the list, the pictures, and the event stream (only a sync's end event stops the progress bar).
  expect(await page.context().cookies()).toEqual([])
  expect(page.url()).not.toContain(token!)
  await page.reload()
  await expect(rows(page)).toHaveCount(site.stories.length)
  await rows(page).filter({ hasText: story.title }).click()
  await expect.poll(async () => (await articleImagesLoaded(page)).loaded).toBe(1)
  site.feedDelayMs = 500
  await page.getByRole('button', { name: 'Refresh' }).click()
  const progress = page.getByRole('progressbar', { name: 'Syncing…' })
  await expect(progress).toBeVisible()
  await expect(progress).toBeHidden()
  expect(await page.context().cookies()).toEqual([])

  const attacker = await startFixtureServer()
  try {
    const received: IncomingHttpHeaders[] = []
    attacker.route('/', (request, response) => {
      received.push(request.headers)
      response
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(attackPage(previewOrigin, knownHash))
    })
    attacker.route('/favicon.ico', (request, response) => {
      received.push(request.headers)
      response.writeHead(404).end()
    })
    await page.goto(attacker.url('/'))
    const outcome = await expect
      .poll(() => page.evaluate(() => (window as { __attack?: unknown }).__attack ?? null), {
        timeout: 15_000,
      })
      .not.toBeNull()
      .then(() => page.evaluate(() => (window as unknown as { __attack: AttackOutcome }).__attack))

    // Soft: each of the three ways in is reported on its own.
    // 1. Nothing the browser sent the other server carries the preview's token.
    expect(received.length).toBeGreaterThan(0)
    expect.soft(JSON.stringify(received)).not.toContain(token!)

    // 2. Replaying whatever it received (cookies included) gets the other server no API access.
    const replayed = await fetch(`${previewOrigin}/api/listFeeds`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(received.at(-1)?.cookie ? { Cookie: received.at(-1)!.cookie! } : {}),
      },
      body: '',
    })
    expect.soft([401, 403]).toContain(replayed.status)
    expect.soft(await replayed.text()).not.toContain(site.home)

    // 3. Its page cannot read the API with the browser's credentials…
    expect.soft(outcome.api).toBe('refused')
    // …nor tell a picture the user has cached from one they have not (both fail to load).
    expect.soft(outcome.images).toEqual({ cached: 'failed', uncached: 'failed' })
    expect(pageErrors).toEqual([])
  } finally {
    await attacker.close()
  }
})

interface AttackOutcome {
  api: string
  images: { cached: string; uncached: string }
}

/** The other server's page: credentialed requests to the preview, and an image probe. */
function attackPage(target: string, knownHash: string): string {
  return `<!doctype html><title>Another local site</title><script>
const target = ${JSON.stringify(target)}
function probe(src) {
  return new Promise((done) => {
    const image = new Image()
    image.onload = () => done('loaded')
    image.onerror = () => done('failed')
    image.src = src
  })
}
;(async () => {
  const images = {
    cached: await probe(target + '/cache/${knownHash}'),
    uncached: await probe(target + '/cache/${'0'.repeat(64)}'),
  }
  let api
  try {
    const response = await fetch(target + '/api/listFeeds', {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      body: '',
    })
    api = 'read ' + response.status + ' ' + (await response.text())
  } catch {
    api = 'refused'
  }
  window.__attack = { api, images }
})()
</script>`
}

test('a tab opened without the printed URL holds no token, and is told where to get one', async ({
  page,
  preview,
}) => {
  // The first tab has the token (in its own sessionStorage); a second tab of the same browser does not.
  await page.goto(preview.url)
  await expect(page.getByRole('heading', { name: 'Welcome to Broadsheet' })).toBeVisible()
  const other = await page.context().newPage()
  await other.goto(new URL(preview.url).origin)
  await expect(
    other.getByText(/this preview needs its token: open the URL that `broadsheet serve` printed/).first(),
  ).toBeVisible()
  await other.close()
})
