/**
 * The peers section's first sync alone, for profiling it (a development aid, not part of `npm run bench`):
 * `tsx scripts/bench/peers-sync-probe.ts [--feeds N] [--prof DIR] [--newsboat] [--cli PATH] [--wrap CMD]
 * [--keep]` serves the peers feeds (scripts/bench/peers-feeds.ts) on 127.0.0.1, imports them into a fresh
 * data dir and times `broadsheet sync`: wall time and CPU seconds of all its threads (GNU time). `--prof`:
 * `node --cpu-prof`, one profile per thread in DIR (summarise with /work/tools/prof.py); `--newsboat`:
 * newsboat's reload first, the same way; `--cli`: another build's out/main/cli.js (a before/after);
 * `--wrap`: a program to run the sync under (`strace -f -c -o FILE`).
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { SERVERS, startFeedServers } from './feed-servers'
import { peerFeedXml } from './peers-feeds'
import { argValue } from './stats'

const args = process.argv.slice(2)
const feeds = Number(argValue(args, 'feeds', '500'))
const prof = argValue(args, 'prof', '')
const cli = resolve(argValue(args, 'cli', 'bin/broadsheet.js'))

function run(
  command: string,
  argv: string[],
): Promise<{ ms: number; cpu: string; code: number | null; err: string }> {
  return new Promise((done) => {
    const started = performance.now()
    const child = spawn('/usr/bin/time', ['-f', '%U %S', command, ...argv], {
      env: { PATH: process.env.PATH, HOME: tmpdir(), LANG: 'C.UTF-8' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let err = ''
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c))
    child.on('close', (code) => {
      const last = err.trim().split('\n').pop() ?? ''
      const [user, sys] = last.split(' ').map(Number)
      done({ ms: performance.now() - started, cpu: `user ${user} s + sys ${sys} s`, code, err })
    })
  })
}

const work = await mkdtemp(join(tmpdir(), 'peers-probe-'))
const servers = await startFeedServers({ document: peerFeedXml })
try {
  const urls = Array.from({ length: feeds }, (_, f) => `${servers.origins[f % SERVERS]}/feed/${f}`)
  await writeFile(
    join(work, 'feeds.opml'),
    `<?xml version="1.0"?><opml version="2.0"><head><title>p</title></head><body>${urls
      .map((url, f) => `<outline type="rss" text="Peer feed ${f}" xmlUrl="${url}"/>`)
      .join('')}</body></opml>\n`,
  )
  await writeFile(join(work, 'urls'), `${urls.join('\n')}\n`)
  await writeFile(join(work, 'newsboat.conf'), 'reload-threads 6\n')
  if (args.includes('--newsboat')) {
    const nb = await run('newsboat', [
      '-x',
      'reload',
      '-u',
      join(work, 'urls'),
      '-c',
      join(work, 'nb.db'),
      '-C',
      join(work, 'newsboat.conf'),
    ])
    console.log(`newsboat: ${(nb.ms / 1000).toFixed(2)} s wall, ${nb.cpu}`)
  }
  const data = join(work, 'data')
  await run(process.execPath, [cli, '--data-dir', data, 'import-opml', join(work, 'feeds.opml')])
  const node = prof ? ['--cpu-prof', '--cpu-prof-dir', resolve(prof)] : []
  const wrap = argValue(args, 'wrap', '')
  const sync = wrap
    ? await run(wrap.split(' ')[0] as string, [
        ...wrap.split(' ').slice(1),
        process.execPath,
        ...node,
        cli,
        '--data-dir',
        data,
        'sync',
      ])
    : await run(process.execPath, [...node, cli, '--data-dir', data, 'sync'])
  if (sync.code !== 0) console.log(sync.err)
  console.log(`broadsheet sync: ${(sync.ms / 1000).toFixed(2)} s wall, ${sync.cpu}`)
} finally {
  await servers.close()
  if (!args.includes('--keep')) await rm(work, { recursive: true, force: true })
  else console.log(work)
}
