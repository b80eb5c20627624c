/**
 * The export benchmark (`npm run bench:export [-- --quick] [--json]`; a section of `npm run bench`): a
 * library of 1,000 articles (--quick: 100) of ~600 words, each showing two cached pictures of 60 KB (a
 * tenth of them Korean, a tenth with a highlight and a note), exported to EPUB the way `broadsheet export`
 * does — each export in a fresh process, so its peak memory is its own:
 *
 *   Broadsheet   the export service: a zip stream written article by article
 *   naive        every chapter and picture gathered in memory first, then one zip made of it all
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { zipSync, strToU8 } from 'fflate'
import { startServices } from '../src/main/core/broadsheet'
import { cacheUrl } from '../src/shared/types'
import { longArticle } from '../tests/helpers/feeds'
import { makeArticle } from '../tests/helpers/make-articles'
import { exitOnFailure, printResult, reportSection, runTsChild } from './bench/child'
import type { BenchSection } from './bench/report'
import { argValue } from './bench/stats'

const SELF = fileURLToPath(import.meta.url)
const PICTURE_BYTES = 60_000

interface ExportRun {
  ms: number
  maxRssMB: number
  bytes: number
}

export async function runExportBench(options: { quick: boolean }): Promise<BenchSection> {
  const count = options.quick ? 100 : 1_000
  const work = await mkdtemp(join(tmpdir(), 'broadsheet-bench-export-'))
  try {
    const dataDir = join(work, 'data')
    const feedId = await makeLibrary(dataDir, count)
    const ours = await runTsChild<ExportRun>(SELF, [
      '--child',
      'stream',
      dataDir,
      feedId,
      join(work, 'a.epub'),
    ])
    const naive = await runTsChild<ExportRun>(SELF, [
      '--child',
      'naive',
      dataDir,
      feedId,
      join(work, 'b.epub'),
    ])
    const ratio = (a: number, b: number) => Math.round((b / a) * 10) / 10
    return {
      name: `export: ${count.toLocaleString('en-US')} articles with 2 pictures each, to EPUB`,
      rows: [
        {
          measure: 'export to EPUB (fresh process: open, read, mark, write)',
          value: Math.round(ours.ms / 100) / 10,
          unit: 's',
          target: '≤ 30 s',
          naive: Math.round(naive.ms / 100) / 10,
          ratio: ratio(ours.ms, naive.ms),
          note: `a book of ${(ours.bytes / 1e6).toFixed(0)} MB`,
        },
        {
          measure: 'peak RSS of the exporting process',
          value: ours.maxRssMB,
          unit: 'MB',
          target: '≤ 500 MB',
          naive: naive.maxRssMB,
          ratio: ratio(ours.maxRssMB, naive.maxRssMB),
          note: 'naive: every chapter and picture in memory, then one zip',
        },
      ],
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/** The library: one feed of `count` articles, each with two cached pictures; every tenth highlighted. */
async function makeLibrary(dataDir: string, count: number): Promise<string> {
  const core = await startServices({ dataDir })
  await core.subscriptions.add([{ url: 'http://127.0.0.1:9/export-bench', title: 'Export bench' }])
  const feedId = (await core.subscriptions.summaries())[0]!.id
  for (let start = 0; start < count; start += 100) {
    const batch = []
    for (let i = start; i < Math.min(count, start + 100); i++) {
      const pictures = [
        await core.blobs.put(randomBytes(PICTURE_BYTES), 'image/jpeg'),
        await core.blobs.put(randomBytes(PICTURE_BYTES), 'image/jpeg'),
      ]
      const text = i % 10 === 3 ? '<p>하바롭스크에서 큰 홍수가 일어났습니다. 주민들이 대피했습니다.</p>' : ''
      const body = longArticle(`story ${i}`, 12)
      batch.push(
        makeArticle(i, {
          feedId,
          contentHtml: `${text}${body}<figure><img src="${cacheUrl(pictures[0]!)}" alt="one"></figure><p><img src="${cacheUrl(pictures[1]!)}"></p>`,
          images: pictures.map((hash, n) => ({ url: `https://bench.test/${i}/${n}.jpg`, hash })),
        }),
      )
    }
    await core.articles.put(batch)
    for (const article of batch.filter((_, n) => (start + n) % 10 === 0)) {
      await core.highlights.add({ articleId: article.id, start: 0, end: 40 }, { note: 'a note on it' })
    }
  }
  await core.close()
  return feedId
}

/** One export in this (fresh) process. */
async function child(mode: string, dataDir: string, feedId: string, out: string): Promise<ExportRun> {
  const started = performance.now()
  const core = await startServices({ dataDir })
  if (mode === 'stream') {
    await core.exports.export({ source: { feedId }, format: 'epub', out })
  } else {
    // The naive way: everything gathered, then zipped at once.
    const files: Record<string, Uint8Array> = { mimetype: strToU8('application/epub+zip') }
    const list = await core.articles.list({ feedIds: [feedId], limit: Number.MAX_SAFE_INTEGER })
    for (const [i, meta] of list.entries()) {
      const article = (await core.articles.get(meta.id))!
      files[`OEBPS/a${i}.xhtml`] = strToU8(
        `<html><body><h1>${article.title}</h1>${article.contentHtml}</body></html>`,
      )
      for (const image of article.images) {
        const blob = image.hash ? await core.blobs.get(image.hash) : null
        if (blob) files[`OEBPS/images/${image.hash}.jpg`] = blob.bytes
      }
    }
    await writeFile(out, zipSync(files))
  }
  await core.close()
  return {
    ms: performance.now() - started,
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    bytes: (await stat(out)).size,
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2)
  const mode = argValue(args, 'child', '')
  if (mode) {
    const [dataDir, feedId, out] = args.slice(args.indexOf('--child') + 2)
    exitOnFailure(
      child(mode, dataDir!, feedId!, out!).then((run) => {
        printResult(run)
        process.exit(0)
      }),
    )
  } else {
    exitOnFailure(
      runExportBench({ quick: args.includes('--quick') }).then((section) => {
        reportSection(section, args)
        process.exit(0)
      }),
    )
  }
}
