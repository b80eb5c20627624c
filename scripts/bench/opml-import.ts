/**
 * A row of the store section of `npm run bench`: importing an OPML file of 2,000 feeds in 200 folders
 * into an empty library (the unit test tests/main/core/subscriptions/opml.test.ts proves it is one write
 * of config.json; this times it, with a sanity bound). Naive: the same feeds added one at a time, each a
 * whole rewrite of config.json, as the import once did.
 */
import { startServices } from '../../src/main/core/broadsheet'
import { readOpml } from '../../src/main/core/subscriptions/opml'
import { makeTempDir, removeTempDir } from '../../tests/helpers/temp-dir'
import type { BenchRow } from './report'
import { round } from './stats'

/** An OPML file of `feeds` feeds, ten to a folder, the folders two levels deep. */
export function opmlOf(feeds: number): string {
  const folders: string[] = []
  for (let f = 0; f * 10 < feeds; f++) {
    const outlines = Array.from(
      { length: Math.min(10, feeds - f * 10) },
      (_, n) => `<outline text="Feed ${f}-${n}" xmlUrl="https://feeds${f}.test/${n}.xml"/>`,
    )
    folders.push(
      `<outline text="Group ${f % 20}"><outline text="Topic ${f}">${outlines.join('')}</outline></outline>`,
    )
  }
  return `<?xml version="1.0"?><opml version="2.0"><body>${folders.join('\n')}</body></opml>`
}

async function timedImport(text: string, oneByOne: boolean): Promise<number> {
  const dir = await makeTempDir('bench-opml')
  try {
    const core = await startServices({ dataDir: dir })
    const started = performance.now()
    if (oneByOne) for (const feed of readOpml(text)) await core.subscriptions.add([feed])
    else await core.subscriptions.importOpml(text)
    const ms = performance.now() - started
    await core.close()
    return ms
  } finally {
    await removeTempDir(dir)
  }
}

/** The row: our import of `feeds` feeds beside the one-write-per-feed import. */
export async function opmlImportRow(feeds: number): Promise<BenchRow> {
  const text = opmlOf(feeds)
  const ms = await timedImport(text, false)
  const naiveMs = await timedImport(text, true)
  return {
    measure: `import an OPML file of ${feeds.toLocaleString('en-US')} feeds in ${Math.ceil(feeds / 10)} folders`,
    value: round(ms),
    unit: 'ms',
    target: '≤ 2 s',
    naive: round(naiveMs),
    note: 'one write of config.json; naive: one add (a whole rewrite of config.json) per feed',
  }
}
