import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ServerResponse } from 'node:http'
import { startServices } from '../../src/main/core/broadsheet'
import { OUTPUT_GONE_EXIT, STOP_GRACE_MS } from '../../src/cli/output'
import { spawnCli, stopCliProcesses } from '../helpers/cli-process'
import { longArticle, rss2 } from '../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server'
import { subscribeTo } from '../helpers/subscribe'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs('cli-interrupt')
let server: FixtureServer
/** Responses held open: a feed that never finishes answering. */
const held: ServerResponse[] = []

beforeAll(async () => {
  server = await startFixtureServer()
  server.serve('/quick.xml', {
    headers: { 'Content-Type': 'application/rss+xml' },
    body: rss2('Quick', server.url('/'), [
      { id: 'q1', title: 'Quick one', link: server.url('/q1'), content: longArticle('quick one') },
    ]),
  })
  server.route('/stuck.xml', (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/rss+xml' })
    response.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Stuck</title>')
    held.push(response)
  })
})
afterEach(() => stopCliProcesses())
afterAll(async () => {
  for (const response of held) response.destroy()
  await server.close()
})

describe('stopping the CLI', { timeout: 60_000 }, () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`ends a sync stuck on a feed promptly on ${signal}, keeping what it fetched (exit ${code})`, async () => {
      const dir = await tempDir()
      const core = await startServices({ dataDir: dir })
      await subscribeTo(core, server.url('/quick.xml'))
      await subscribeTo(core, server.url('/stuck.xml'))
      await core.close()

      const cli = spawnCli(dir, ['sync'])
      // Once the quick feed is done, only the stuck one is left running.
      while (!/Quick: 1 new/.test(cli.output.stdout)) {
        if (await Promise.race([cli.exited.then(() => true), pause(20)])) break
      }
      expect(cli.output.stdout).toMatch(/Quick: 1 new/)
      const sent = Date.now()
      expect(cli.signal(signal)).toBe(true)
      const exit = await cli.exited
      expect(exit.signal).toBeNull()
      expect(exit.code).toBe(code)
      expect(exit.stderr).toContain('broadsheet: stopping the sync; what it has fetched is kept')
      // Within the grace period (and the slack of a busy machine), not when the stuck feed would time out.
      expect(Date.now() - sent).toBeLessThan(STOP_GRACE_MS + 10_000)

      const after = await startServices({ dataDir: dir })
      expect((await after.articles.list({ limit: 10 })).map((article) => article.title)).toEqual([
        'Quick one',
      ])
      await after.close()
    })
  }

  it('ends quietly when the program reading its output has gone (`| head`), keeping what it fetched', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    await subscribeTo(core, server.url('/quick.xml'))
    await subscribeTo(core, server.url('/stuck.xml'))
    await core.close()

    // Its first line ("Quick: 1 new") meets a closed pipe: the sync winds down as on Ctrl-C, not when the
    // stuck feed would time out, and says nothing of the pipe (no "Error: write EPIPE" with its stack).
    const cli = spawnCli(dir, ['sync'], {}, { outputClosed: true })
    const exit = await cli.exited
    expect(exit.signal).toBeNull()
    expect(exit.code).toBe(OUTPUT_GONE_EXIT)
    expect(exit.stderr).not.toMatch(/EPIPE|Error|\n\s+at /)
    // Well before the stuck feed's 20 s timeout would end the sync by itself.
    expect(exit.elapsedMs).toBeLessThan(STOP_GRACE_MS + 12_000)

    const after = await startServices({ dataDir: dir })
    expect((await after.articles.list({ limit: 10 })).map((article) => article.title)).toEqual(['Quick one'])
    await after.close()

    // A command that only prints ends at once, with the same code and nothing on stderr.
    const list = await spawnCli(dir, ['articles'], {}, { outputClosed: true }).exited
    expect(list.code).toBe(OUTPUT_GONE_EXIT)
    expect(list.stderr).toBe('')
  })
})

function pause(ms: number): Promise<false> {
  return new Promise((resolve) => setTimeout(() => resolve(false), ms))
}
