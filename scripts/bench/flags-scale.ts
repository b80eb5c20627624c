/**
 * The cost of one mark against the number of flags (part of the store section of `npm run bench`): a
 * flags file alone, of `size` read ids over 2,000 feeds (no articles generated), in a fresh process per
 * size. Each mark is timed as the running app makes it (the write lock, the write, flushed), side by side
 * with today's whole-file rewrite of flags.json of the same flags in the same run (the mark, then
 * flags.json written whole at once, as every mark did before flags.log).
 */
import { lstatSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import Conf from 'conf'
import { flagsOptions, type FlagsData } from '../../src/main/core/store/config-schema'
import { FlagsFile } from '../../src/main/core/store/flags-file'
import { WriteLock } from '../../src/main/core/store/write-lock'
import { BENCH_DATA_DIR } from './library-data'
import type { BenchRow } from './report'
import { argValue, median, percentile, round } from './stats'

const FEEDS = 2_000
const MARKS = 100
/** Marks made before the timed ones (the first after building the flags pay for its garbage). */
const WARM_UP = 10
const WHOLE_MARKS = 10

export interface FlagsScaleResult {
  size: number
  /** Marks read or unread, and bookmarks, through flags.log. */
  markMs: number[]
  bookmarkMs: number[]
  /** Today's: the same mark, then flags.json written whole. */
  wholeMs: number[]
  jsonBytes: number
}

const article = (n: number) => ({ id: `a${n.toString(36).padStart(8, '0')}`, feedId: `feed-${n % FEEDS}` })

/** Child task: one size, in a fresh data dir on the bench's disk (not a tmpfs, where a flush is free). */
export async function childFlagsScale(args: string[]): Promise<FlagsScaleResult> {
  const size = Number(argValue(args, 'size', '50000'))
  const dir = join(BENCH_DATA_DIR, `work-${process.pid}-flags-${size}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  try {
    const flags = new FlagsFile(new Conf<FlagsData>(flagsOptions(dir)), new WriteLock(dir))
    flags.open()
    await flags.setRead(
      Array.from({ length: size }, (_, n) => article(n)),
      true,
    )
    await flags.compact()
    const timed = async (change: () => Promise<void>): Promise<number> => {
      const at = performance.now()
      await change()
      return performance.now() - at
    }
    for (let i = 0; i < WARM_UP; i++) await flags.setRead([article(i)], i % 2 === 1)
    const markMs: number[] = []
    const bookmarkMs: number[] = []
    for (let i = 0; i < MARKS; i++) {
      const one = article((i * 7919) % size)
      markMs.push(await timed(() => flags.setRead([one], i % 2 === 1)))
      bookmarkMs.push(await timed(() => flags.setBookmarked([one.id], i % 2 === 0)))
    }
    const wholeMs: number[] = []
    for (let i = 0; i < WHOLE_MARKS; i++) {
      const one = article((i * 104_729) % size)
      wholeMs.push(
        await timed(async () => {
          await flags.setRead([one], i % 2 === 1)
          await flags.compact()
        }),
      )
    }
    return { size, markMs, bookmarkMs, wholeMs, jsonBytes: lstatSync(join(dir, 'flags.json')).size }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The rows of one size: mark one read, and bookmark one, beside today's whole-file write. */
export function flagsScaleRows(result: FlagsScaleResult): BenchRow[] {
  const today = median(result.wholeMs)
  const count = result.size.toLocaleString('en-US')
  return [
    {
      measure: `mark one read or unread, flags alone (${count} read ids), running app, median`,
      value: round(median(result.markMs), 2),
      unit: 'ms',
      target: '≤ 2 ms',
      naive: round(today, 1),
      note: `p95 ${round(percentile(result.markMs, 95), 2)} ms (target ≤ 5 ms); one line appended to flags.log and flushed; naive: today's whole-file rewrite of flags.json (${round(result.jsonBytes / 2 ** 20, 1)} MB), p95 ${round(percentile(result.wholeMs, 95), 1)} ms`,
    },
    {
      measure: `bookmark or unbookmark one, flags alone (${count} read ids), running app, median`,
      value: round(median(result.bookmarkMs), 2),
      unit: 'ms',
      target: '≤ 2 ms',
      naive: round(today, 1),
      note: `p95 ${round(percentile(result.bookmarkMs, 95), 2)} ms (target ≤ 5 ms)`,
    },
  ]
}
