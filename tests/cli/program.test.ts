import { existsSync } from 'node:fs'
import { readFile, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROJECT_VERSION } from '../../src/main/core/store/config-schema'
import { startServices } from '../../src/main/core/broadsheet'
import { makeArticles } from '../helpers/make-articles'
import { cliIn, expectOk, expectOneLineError, runCliWith } from '../helpers/run-cli'
import { useTempDirs } from '../helpers/temp-dir'
import { subscribeTo } from '../helpers/subscribe'

const tempDir = useTempDirs('cli-program')

const COMMANDS = [
  'add',
  'remove',
  'feeds',
  'sync',
  'articles',
  'show',
  'save',
  'read',
  'unread',
  'bookmark',
  'unbookmark',
  'search',
  'import-opml',
  'export-opml',
  'serve',
]

describe('broadsheet --version and --help', () => {
  it('prints the version', async () => {
    for (const flag of ['--version', '-V']) {
      const run = await runCliWith([flag])
      expectOk(run)
      expect(run.stdout).toBe(`${PROJECT_VERSION}\n`)
    }
  })

  it('lists every command in --help, on stdout', async () => {
    const run = await runCliWith(['--help'])
    expectOk(run)
    expect(run.stdout).toMatch(/^Usage: broadsheet /)
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'))
    expect(run.stdout).toContain('--data-dir')
  })

  it('explains one command with `help <command>` and `<command> --help`', async () => {
    for (const argv of [
      ['help', 'articles'],
      ['articles', '--help'],
    ]) {
      const run = await runCliWith(argv)
      expectOk(run)
      expect(run.stdout).toMatch(/^Usage: broadsheet articles/)
      for (const option of ['--feed', '--unread', '--bookmarked', '--saved', '--limit', '--json']) {
        expect(run.stdout).toContain(option)
      }
    }
  })

  it('shows the help on stderr and fails as a usage error when given no command', async () => {
    const run = await runCliWith([])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^Usage: broadsheet /)
  })
})

describe('a wrong command line', () => {
  it('fails with exit 2 and one line for an unknown command', async () => {
    expectOneLineError(await runCliWith(['frobnicate']), 2, "unknown command 'frobnicate'")
  })

  // KNOWN BUG in src/cli/program.ts: commander puts its suggestion on a second line
  // ("(Did you mean feeds?)"); outputError keeps both. Flip to `it` once fixed.
  it('fails with one line for a near-miss command too (suggestion on the same line)', async () => {
    expectOneLineError(await runCliWith(['feds']), 2, /unknown command 'feds'.*feeds/)
  })

  it('suggests the nearest command and where the help is, for the command being parsed', async () => {
    expectOneLineError(
      await runCliWith(['snyc']),
      2,
      "broadsheet: unknown command 'snyc' (did you mean sync?); see `broadsheet --help`",
    )
    expectOneLineError(
      await runCliWith(['serach', 'x']),
      2,
      /unknown command 'serach' \(did you mean search\?\); see `broadsheet --help`$/,
    )
    expectOneLineError(
      await runCliWith(['frobnicate']),
      2,
      /^broadsheet: unknown command 'frobnicate'; see `broadsheet --help`$/,
    )
    // Too far for a spelling distance, but the start of one command (or started by one).
    for (const [typed, meant] of [
      ['import', 'import-opml'],
      ['export-op', 'export-opml'],
      ['art', 'articles'],
      ['bookmarks', 'bookmark'],
      ['accounts', 'account'],
    ] as const)
      expectOneLineError(
        await runCliWith([typed]),
        2,
        `unknown command '${typed}' (did you mean ${meant}?); see \`broadsheet --help\``,
      )
    // `export` is a command of its own (articles to Markdown, HTML or EPUB): it says what it needs.
    expectOneLineError(
      await runCliWith(['export']),
      2,
      "required option '--format <format>' not specified; see `broadsheet export --help`",
    )
    expectOneLineError(
      await runCliWith(['account', 'lst']),
      2,
      /unknown command 'lst' \(did you mean list\?\); see `broadsheet account --help`$/,
    )
    // `help WORD` for no command says the same, where `help sync` explains sync.
    expectOneLineError(
      await runCliWith(['help', 'snyc']),
      2,
      /^broadsheet: unknown command 'snyc' \(did you mean sync\?\); see `broadsheet --help`$/,
    )
    expectOneLineError(
      await runCliWith(['--data-dir', '/nonexistent/x', 'account', 'help', 'lst']),
      2,
      /unknown command 'lst' \(did you mean list\?\); see `broadsheet account --help`$/,
    )
    const help = await runCliWith(['help', 'sync'])
    expectOk(help)
    expect(help.stdout).toMatch(/^Usage: broadsheet sync/)
    expectOneLineError(
      await runCliWith(['articles', '--unred']),
      2,
      /unknown option '--unred' \(did you mean --unread\?\); see `broadsheet articles --help`$/,
    )
  })

  it('fails with exit 2 and one line for an unknown option or a missing argument', async () => {
    expectOneLineError(await runCliWith(['articles', '--colour']), 2, "unknown option '--colour'")
    expectOneLineError(await runCliWith(['--nope', 'feeds']), 2, "unknown option '--nope'")
    expectOneLineError(await runCliWith(['add']), 2, "missing required argument 'url'")
    expectOneLineError(
      await runCliWith(['feeds', 'extra']),
      2,
      /too many arguments for 'feeds'\. Expected 0 arguments but got 1; see `broadsheet feeds --help`$/,
    )
  })
})

describe('sync, save, search and serve (owned by the sync and search work)', () => {
  // Only their bad input here: each fails with a plain line, never a stack.
  it('fail in one line on a bad command line', async () => {
    const cli = cliIn(await tempDir())
    expectOneLineError(await cli('sync', '--bogus'), 2, "unknown option '--bogus'")
    expectOneLineError(await cli('save'), 2, "missing required argument 'url'")
    expectOneLineError(await cli('search'), 2, "missing required argument 'query'")
    expectOneLineError(await cli('search', 'x', '--limit', '0'), 2, /--limit.*'0' is invalid/)
    expectOneLineError(await cli('serve', '--port', 'abc'), 2, /--port.*'abc' is invalid/)
  })

  it('`save` of a URL that is not http(s) fails in one line', async () => {
    const cli = cliIn(await tempDir())
    const run = await cli('save', 'ftp://files.test/page')
    expect(run.code).not.toBe(0)
    expectOneLineError(run, run.code, /^broadsheet: [^\n]+$/)
  })
})

describe('the data dir', () => {
  it('is BROADSHEET_DATA_DIR when set', async () => {
    const dir = join(await tempDir(), 'library')
    const env = { BROADSHEET_DATA_DIR: dir }
    expectOk(await runCliWith(['feeds'], env))
    expect(existsSync(join(dir, 'config.json'))).toBe(true)
    const core = await startServices({ dataDir: dir })
    await subscribeTo(core, 'https://env.test/feed')
    const run = await runCliWith(['feeds', '--json'], env)
    expectOk(run)
    expect(JSON.parse(run.stdout).map((f: { url: string }) => f.url)).toEqual(['https://env.test/feed'])
  })

  it('is --data-dir over BROADSHEET_DATA_DIR, before or after the command', async () => {
    const fromEnv = await tempDir()
    const fromFlag = await tempDir()
    await subscribeTo(await startServices({ dataDir: fromFlag }), 'https://flag.test/feed')
    const env = { BROADSHEET_DATA_DIR: fromEnv }
    for (const argv of [
      ['--data-dir', fromFlag, 'feeds', '--json'],
      ['feeds', '--json', '--data-dir', fromFlag],
    ]) {
      const run = await runCliWith(argv, env)
      expectOk(run)
      expect(JSON.parse(run.stdout).map((f: { url: string }) => f.url)).toEqual(['https://flag.test/feed'])
    }
    expect(existsSync(join(fromEnv, 'config.json'))).toBe(false)
  })

  it('that cannot be a folder fails in one line, without a stack', async () => {
    const dir = await tempDir()
    const notADir = join(dir, 'a-file')
    await writeFile(notADir, 'x')
    const run = await runCliWith(['--data-dir', notADir, 'feeds'])
    expectOneLineError(run, 1, /^broadsheet: E[A-Z]+: /)
  })
})

describe('damaged files', () => {
  it('are reported on stderr while the command still does its job', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    const feed = await subscribeTo(core, 'https://a.test/feed')
    const [kept] = makeArticles(1, { feedId: feed.id })
    await core.articles.put([kept!])
    await truncate(join(dir, 'config.json'), 20)

    const run = await cliIn(dir)('feeds', '--json')
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).map((f: { id: string; unread: number }) => [f.id, f.unread])).toEqual([
      [feed.id, 1],
    ])
    const lines = run.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      new RegExp(
        `^broadsheet: warning: ${join(dir, 'config.json')} was damaged \\(.+\\); kept at ${join(dir, 'quarantine')}/\\S+; restored the last good copy`,
      ),
    )
    // Reported once: the next run finds nothing wrong.
    expectOk(await cliIn(dir)('feeds'))
  })

  it('a damaged article: `show` says there is no such article, and warns what it did', async () => {
    const dir = await tempDir()
    const core = await startServices({ dataDir: dir })
    const articles = makeArticles(3)
    await core.articles.put(articles)
    const victim = articles[1]!
    const body = join(dir, 'articles', 'bodies', victim.id.slice(0, 2), `${victim.id}.json`)
    await writeFile(body, (await readFile(body, 'utf8')).slice(0, 30))

    const run = await cliIn(dir)('show', victim.id)
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(
      new RegExp(`^broadsheet: warning: ${body} was damaged .*; kept at .*quarantine`, 'm'),
    )
    expect(run.stderr).toMatch(new RegExp(`^broadsheet: no article with id ${victim.id}$`, 'm'))
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(2)
    expect(run.stderr).not.toMatch(/^\s+at /m)
    expectOk(await cliIn(dir)('show', articles[0]!.id))
  })
})
