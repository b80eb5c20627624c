/**
 * Runs one section of `npm run bench` in this (fresh) process and prints its {@link BenchSection} as a
 * `RESULT` line for scripts/bench.ts: `tsx scripts/bench/section.ts --section NAME [--quick]
 * [--articles N] [--scale-skip PARTS]`.
 */
import { printResult } from './child'
import { ensureLibrary, FULL_LIBRARY, libraryParams, QUICK_LIBRARY } from './library-data'
import { ensureBuilt } from './preview-process'
import type { BenchSection } from './report'
import { argValue } from './stats'

export const SECTIONS = [
  'store',
  'startup',
  'search',
  'ui',
  'sync',
  'accounts',
  'hostile',
  'export',
  'smart',
  'scale',
  'peers',
] as const
export type SectionName = (typeof SECTIONS)[number]
/** Sections `npm run bench` runs only when asked (`--only scale`, or `--articles N` / `--growth`). */
export const ON_REQUEST: readonly SectionName[] = ['scale']

/** Feeds the sync section syncs from loopback servers (500 as the library has; --quick 50). */
const SYNC_FEEDS = { full: 500, quick: 50 }

export async function runSection(
  name: SectionName | 'prepare',
  options: { quick: boolean; traceDir?: string; articles?: number; scaleSkip?: string[] },
): Promise<BenchSection> {
  const { quick } = options
  switch (name) {
    case 'prepare': {
      // The generated library and the build every section needs, before anything is timed; with
      // --articles N, the library of N too (generated once: ~13 minutes at 500,000).
      ensureBuilt()
      const started = performance.now()
      if (options.articles) await ensureLibrary(libraryParams(options.articles))
      const info = await ensureLibrary(quick ? QUICK_LIBRARY : FULL_LIBRARY)
      return {
        name: 'prepare',
        rows: [
          {
            measure: 'generated library ready',
            value: Math.round(performance.now() - started),
            unit: 'ms',
            note: `${info.dataDir}; generated once in ${Math.round(info.generatedMs / 1000)} s`,
          },
        ],
      }
    }
    case 'store':
      return (await import('../bench-store')).runStoreBench({ quick })
    case 'startup':
      return (await import('../bench-startup')).runStartupBench({ quick })
    case 'search': {
      // The search issue's benchmark (every engine at 10,000, Broadsheet at 50,000), then the library's own
      // index at full size, as the reader asks it.
      const section = await (await import('./search-section')).runSearchBench({ quick })
      const info = await ensureLibrary(quick ? QUICK_LIBRARY : FULL_LIBRARY)
      const library = await (await import('./search-library')).librarySearchRows(info)
      return { ...section, rows: [...section.rows, ...library] }
    }
    case 'ui':
      return (await import('../bench-ui')).runUiBench({ quick, traceDir: options.traceDir })
    case 'sync': {
      const section = await (
        await import('../bench-sync')
      ).runSyncBench({
        feeds: quick ? SYNC_FEEDS.quick : SYNC_FEEDS.full,
      })
      // Rules on a sync's new articles, in the generated library.
      const info = await ensureLibrary(quick ? QUICK_LIBRARY : FULL_LIBRARY)
      const rules = await (await import('./rules-rows')).rulesSyncRows(info)
      return { ...section, rows: [...section.rows, ...rules] }
    }
    case 'accounts':
      return (await import('../bench-accounts')).runAccountsBench({ quick })
    case 'hostile':
      return (await import('../bench-hostile')).runHostileBench({ quick })
    case 'export':
      return (await import('../bench-export')).runExportBench({ quick })
    case 'peers':
      return (await import('./peers')).runPeersBench({ quick })
    case 'smart': {
      const info = await ensureLibrary(quick ? QUICK_LIBRARY : FULL_LIBRARY)
      return { name: 'smart feeds', rows: await (await import('./smart-library')).smartFeedRows(info) }
    }
    case 'scale': {
      // Issue 22's table at N beside the 50,000 library (--quick: the quick library beside nothing else).
      const scale = await import('./scale')
      return scale.runScaleBench({
        articles: quick ? QUICK_LIBRARY.articles : (options.articles ?? FULL_LIBRARY.articles),
        skip: scale.scaleParts(options.scaleSkip ?? []),
        base: quick ? QUICK_LIBRARY.articles : FULL_LIBRARY.articles,
      })
    }
  }
}

const args = process.argv.slice(2)
const section = argValue(args, 'section', '')
if ([...SECTIONS, 'prepare'].includes(section)) {
  const trace = argValue(args, 'trace', '')
  const articles = Number(argValue(args, 'articles', '0'))
  const scaleSkip = argValue(args, 'scale-skip', '').split(',').filter(Boolean)
  runSection(section as SectionName, {
    quick: args.includes('--quick'),
    traceDir: trace || undefined,
    ...(articles ? { articles } : {}),
    scaleSkip,
  }).then(
    (result) => {
      printResult(result)
      // Keep-alive sockets and worker pools of a section must not hold the process open.
      process.exit(0)
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
      process.exit(1)
    },
  )
}
