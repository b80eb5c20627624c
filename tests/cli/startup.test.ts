import { describe, expect, it } from 'vitest'
import { startServices } from '../../src/main/core/broadsheet'
import { makeArticle } from '../helpers/make-articles'
import { runCliWith } from '../helpers/run-cli'
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
