import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/program'
import { stopServing } from '../../src/cli/serve-command'
import { runCliWith } from '../helpers/run-cli'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs('serve')
const BUILT_UI = resolve('out/renderer/index.html')

beforeAll(() => {
  if (!existsSync(BUILT_UI))
    throw new Error(`${BUILT_UI} is missing: run \`npm run build\` before these tests`)
})

describe('broadsheet serve', () => {
  it('prints the URL with its token, serves the built UI with it, and stops when interrupted', async () => {
    let stdout = ''
    let stderr = ''
    let printed: (url: string) => void = () => undefined
    const url = new Promise<string>((resolve) => (printed = resolve))
    const exited = runCli(['--data-dir', await tempDir(), 'serve', '--port', '0'], {
      stdout: (text) => {
        stdout += text
        const found = /^Broadsheet preview: (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)$/m.exec(stdout)
        if (found) printed(found[1]!)
      },
      stderr: (text) => (stderr += text),
      env: {},
      isTTY: false,
    })
    const address = new URL(await url)
    const origin = address.origin
    const token = new URLSearchParams(address.hash.slice(1)).get('token')!

    // The page (what the browser loads from the printed URL: the fragment stays in the browser).
    const page = await fetch(`${origin}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('set-cookie')).toBeNull()
    const html = await page.text()
    expect(html).toContain('<div id="root">')
    const script = /src="\.?(\/assets\/[^"]+\.js)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    const bundle = await fetch(`${origin}${script}`)
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    // The API, with the token in the header as the page sends it; and without it, nothing.
    const listFeeds = (headers: Record<string, string>) =>
      fetch(`${origin}/api/listFeeds`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: '',
      })
    expect((await listFeeds({})).status).toBe(401)
    expect(await (await listFeeds({ Authorization: `Bearer ${token}` })).json()).toEqual([])

    stopServing()
    expect(await exited).toBe(0)
    expect(stderr).toBe('')
    await expect(fetch(`${origin}/`)).rejects.toThrow()
  })

  it('refuses a port that is not one', async () => {
    const run = await runCliWith(['--data-dir', await tempDir(), 'serve', '--port', '70000'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/port number from 0 to 65535/)
  })

  it('says so when the port is taken', async () => {
    const dir = await tempDir()
    let stdout = ''
    let printed: () => void = () => undefined
    const ready = new Promise<void>((resolve) => (printed = resolve))
    const first = runCli(['--data-dir', dir, 'serve', '--port', '0'], {
      stdout: (text) => {
        stdout += text
        if (stdout.includes('#token=')) printed()
      },
      stderr: () => undefined,
      env: {},
      isTTY: false,
    })
    await ready
    const port = /127\.0\.0\.1:(\d+)/.exec(stdout)![1]!
    const second = await runCliWith(['--data-dir', dir, 'serve', '--port', port])
    expect(second.code).toBe(1)
    expect(second.stderr).toBe(
      `broadsheet: port ${port} is in use; choose another with --port N (0 picks a free one)\n`,
    )
    stopServing()
    expect(await first).toBe(0)
  })
})
