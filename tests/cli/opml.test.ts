import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readOpml } from '../../src/main/core/subscriptions/opml'
import { cliIn, expectOk, expectOneLineError } from '../helpers/run-cli'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs('cli-opml')

const OPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Exported from another reader</title></head>
  <body>
    <outline text="Tech" title="Tech">
      <outline text="Rust" title="Rust">
        <outline text="Async" title="Async">
          <outline type="rss" text="Tokio &amp; friends" xmlUrl="https://tokio.test/feed?a=1&amp;b=2"/>
        </outline>
        <outline type="rss" text="This Week in Rust" xmlUrl="https://rust.test/rss" htmlUrl="https://rust.test/"/>
      </outline>
    </outline>
    <outline text="한국 뉴스" title="한국 뉴스">
      <outline type="rss" text="연합뉴스 &lt;속보&gt; 📰" xmlUrl="https://yna.test/rss"/>
    </outline>
    <outline type="rss" text="Top" xmlUrl="https://top.test/feed"/>
  </body>
</opml>`

async function feedsOf(cli: ReturnType<typeof cliIn>) {
  const run = await cli('feeds', '--json')
  expectOk(run)
  return (JSON.parse(run.stdout) as { url: string; title: string; folder: string; siteUrl: string | null }[])
    .map(({ url, title, folder, siteUrl }) => ({ url, title, folder, siteUrl }))
    .sort((a, b) => a.url.localeCompare(b.url))
}

describe('broadsheet import-opml', () => {
  it('subscribes to every feed with its folders, and skips them the second time', async () => {
    const dir = await tempDir()
    const cli = cliIn(dir)
    const file = join(dir, 'subs.opml')
    await writeFile(file, OPML)

    const run = await cli('import-opml', file)
    expectOk(run)
    expect(run.stdout).toBe('Imported 4 feeds\n')
    expect(await feedsOf(cli)).toEqual([
      {
        url: 'https://rust.test/rss',
        title: 'This Week in Rust',
        folder: 'Tech/Rust',
        siteUrl: 'https://rust.test/',
      },
      {
        url: 'https://tokio.test/feed?a=1&b=2',
        title: 'Tokio & friends',
        folder: 'Tech/Rust/Async',
        siteUrl: null,
      },
      { url: 'https://top.test/feed', title: 'Top', folder: '', siteUrl: null },
      { url: 'https://yna.test/rss', title: '연합뉴스 <속보> 📰', folder: '한국 뉴스', siteUrl: null },
    ])

    const again = await cli('import-opml', file)
    expectOk(again)
    expect(again.stdout).toBe('Imported 0 feeds; skipped 4 already subscribed or not http(s)\n')
    expect(await feedsOf(cli)).toHaveLength(4)
  })

  it('refuses a missing file, a folder, or a file that is not OPML, in one line', async () => {
    const dir = await tempDir()
    const cli = cliIn(dir)
    const missing = join(dir, 'missing.opml')
    expectOneLineError(await cli('import-opml', missing), 1, `cannot read ${missing}: ENOENT`)
    expectOneLineError(await cli('import-opml', dir), 1, `cannot read ${dir}: EISDIR`)
    const rss = join(dir, 'feed.xml')
    await writeFile(rss, '<rss version="2.0"><channel><title>x</title></channel></rss>')
    expectOneLineError(await cli('import-opml', rss), 1, 'this is not an OPML file')
    const binary = join(dir, 'image.png')
    await writeFile(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff, 0xfe]))
    expectOneLineError(await cli('import-opml', binary), 1, 'this is not an OPML file')
    expectOneLineError(await cli('import-opml'), 2, "missing required argument 'file'")
    expect(await feedsOf(cli)).toEqual([])
  })
})

describe('broadsheet export-opml', () => {
  it('writes OPML 2.0 to stdout that imports back into a fresh library the same', async () => {
    const dir = await tempDir()
    const cli = cliIn(dir)
    await writeFile(join(dir, 'subs.opml'), OPML)
    expectOk(await cli('import-opml', join(dir, 'subs.opml')))

    const run = await cli('export-opml')
    expectOk(run)
    expect(run.stdout).toMatch(/^<\?xml[^>]*\?>\s*<opml version="2.0">/)
    expect(run.stdout.endsWith('\n')).toBe(true)
    expect(readOpml(run.stdout)).toHaveLength(4)

    const other = await tempDir()
    const copy = join(other, 'copy.opml')
    await writeFile(copy, run.stdout)
    const otherCli = cliIn(other)
    expectOk(await otherCli('import-opml', copy))
    expect(await feedsOf(otherCli)).toEqual(await feedsOf(cli))
  })

  it('writes to a file when given one, creating its folder', async () => {
    const dir = await tempDir()
    const cli = cliIn(dir)
    await writeFile(join(dir, 'subs.opml'), OPML)
    expectOk(await cli('import-opml', join(dir, 'subs.opml')))
    const out = join(dir, 'exports', 'nested', 'out.opml')

    const run = await cli('export-opml', out)
    expectOk(run)
    expect(run.stdout).toBe(`Exported 4 feeds to ${out}\n`)
    expect(
      readOpml(await readFile(out, 'utf8'))
        .map((sub) => sub.folder.join('/'))
        .sort(),
    ).toEqual(['', 'Tech/Rust', 'Tech/Rust/Async', '한국 뉴스'].sort())
  })

  it('exports an empty library as OPML that imports as nothing', async () => {
    const dir = await tempDir()
    const cli = cliIn(dir)
    const out = join(dir, 'empty.opml')
    expectOk(await cli('export-opml', out))
    expect(readOpml(await readFile(out, 'utf8'))).toEqual([])
    const run = await cli('import-opml', out)
    expectOk(run)
    expect(run.stdout).toBe('Imported 0 feeds\n')
  })

  it('refuses a place it cannot write, in one line', async () => {
    const dir = await tempDir()
    const cli = cliIn(dir)
    const aFile = join(dir, 'a-file')
    await writeFile(aFile, 'x')
    expectOneLineError(
      await cli('export-opml', join(aFile, 'out.opml')),
      1,
      /^broadsheet: cannot write .*out.opml: E[A-Z]+$/,
    )
    await mkdir(join(dir, 'a-folder', 'inside'), { recursive: true })
    expectOneLineError(await cli('export-opml', join(dir, 'a-folder')), 1, /cannot write .*a-folder/)
    expect(existsSync(join(dir, 'a-folder', 'inside'))).toBe(true)
  })
})
