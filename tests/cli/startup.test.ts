import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { startServices } from '../../src/main/core/broadsheet'
import { makeArticle } from '../helpers/make-articles'
import { BIN, BUILT_CLI, type CliRun, runCliWith } from '../helpers/run-cli'
import { subscribeTo } from '../helpers/subscribe'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs('cli-startup')

/** A data dir with a few indexed articles, one of them about glaciers. */
async function library(): Promise<string> {
  const dataDir = await tempDir()
  const core = await startServices({ dataDir })
  const feed = await subscribeTo(core, 'https://ledger.test/feed', { title: 'The Ledger' })
  await core.articles.put([
    makeArticle(1, {
      feedId: feed.id,
      title: 'Glacier retreat accelerates',
      contentText: 'The glacier lost ice.',
    }),
    makeArticle(2, { feedId: feed.id, title: 'Harbour news', contentText: 'Boats came in.' }),
  ])
  await core.close()
  return dataDir
}

const PHASES = [
  'CLI loaded',
  'data dir open',
  'search index open',
  'search index in step',
  'query answered',
  'command done',
  'closed',
]

describe('BROADSHEET_PROFILE=1', () => {
  it('prints each phase of a search on stderr, in ms since the process started, in order', async () => {
    const dataDir = await library()
    const run = await runCliWith(['--data-dir', dataDir, 'search', 'glacier'], { BROADSHEET_PROFILE: '1' })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('Glacier retreat accelerates')
    const lines = [...run.stderr.matchAll(/^broadsheet: profile (.+?) ([\d.]+) ms$/gm)]
    expect(lines.map((line) => line[1])).toEqual(PHASES)
    const times = lines.map((line) => Number(line[2]))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(PHASES.length)
  })

  it('prints nothing of the kind without it', async () => {
    const dataDir = await library()
    const run = await runCliWith(['--data-dir', dataDir, 'search', 'glacier'], {})
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
  })
})

/** Runs the built CLI with a module hook that lists every module it loads; returns the run and the list. */
async function builtRunLoading(argv: string[], log: string): Promise<CliRun & { loaded: string[] }> {
  const hook = resolve('tests/helpers/loaded-modules.mjs')
  const child = spawn(process.execPath, ['--import', hook, BIN, ...argv], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOADED_MODULES_LOG: log },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const code = await new Promise<number>((done, fail) => {
    child.on('error', fail)
    child.on('close', (exit) => done(exit ?? -1))
  })
  const loaded = existsSync(log) ? (await readFile(log, 'utf8')).split('\n').filter(Boolean) : []
  return { code, stdout, stderr, loaded }
}

/**
 * What a cold `broadsheet search` must not load: what only a sync, an import or an export needs, and the
 * dependencies bundled into out/main (electron.vite.config.ts) as separate files.
 */
const NOT_FOR_SEARCH = [
  /node_modules\/(jsdom|@mozilla\/readability|dompurify|turndown|parse5|iconv-lite|cli-progress|fflate|piscina)\//,
  /node_modules\/(feedsmith|fast-xml-parser|zod|conf|ajv|commander|lunr|intl-messageformat|string-width)\//,
  /chunks\/(worker-pool|sync-engine|downloader|build-jobs|feed-parse|image-cache|charset|epub-writer|html-writer|markdown-writer)-/,
]

describe('the built CLI’s search', { timeout: 60_000 }, () => {
  beforeAll(() => {
    if (!existsSync(BUILT_CLI))
      throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` before these tests`)
  })

  it('loads neither the sync, the import and export code, nor its dependencies file by file', async () => {
    const dataDir = await library()
    const run = await builtRunLoading(
      ['--data-dir', dataDir, 'search', 'glacier'],
      join(await tempDir(), 'loaded.log'),
    )
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('Glacier retreat accelerates')
    // The hook saw the CLI itself: the list is real.
    expect(run.loaded.some((url) => url.endsWith('/out/main/cli.js'))).toBe(true)
    const unwanted = run.loaded.filter((url) => NOT_FOR_SEARCH.some((pattern) => pattern.test(url)))
    expect(unwanted).toEqual([])
  })
})
