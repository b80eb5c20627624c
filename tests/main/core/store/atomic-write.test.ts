import { spawn } from 'node:child_process'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readJsonFile } from '../../../../src/main/core/store/json-files'
import { tempPathOf, writeFileAtomic } from '../../../../src/main/core/store/atomic-write'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('atomic')

/**
 * A reader in another process: parses the file in a tight loop until `stop` appears, then prints how
 * many reads it made, how many were not whole JSON, and which versions it saw.
 */
const READER = `
const fs = require('node:fs')
const [file, stop] = process.argv.slice(1)
let reads = 0, torn = 0
const versions = new Set()
let announced = false
while (!fs.existsSync(stop)) {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8'))
    versions.add(value.version)
  } catch {
    torn++
  }
  reads++
  if (!announced) { process.stdout.write('ready\\n'); announced = true }
}
process.stdout.write(JSON.stringify({ reads, torn, versions: [...versions] }) + '\\n')
`

function bigDocument(version: number): string {
  // About 4 MB, quick to parse: large enough that a plain write would be caught half done.
  return JSON.stringify({ version, text: String(version).repeat(4_000_000) })
}

describe('writeFileAtomic', () => {
  it('never lets a reader in another process see a partial file', async () => {
    const dir = await tempDir()
    const file = join(dir, 'big.json')
    const stop = join(dir, 'stop')
    await writeFileAtomic(file, bigDocument(0))

    const child = spawn(process.execPath, ['-e', READER, file, stop], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    await expect.poll(() => out.includes('ready'), { timeout: 10_000, interval: 20 }).toBe(true)

    const documents = [bigDocument(1), bigDocument(2)]
    for (let i = 0; i < 24; i++) await writeFileAtomic(file, documents[i % 2] as string)
    await writeFile(stop, '')
    expect(await exited).toBe(0)

    const result = JSON.parse(out.split('\n')[1] as string) as {
      reads: number
      torn: number
      versions: number[]
    }
    expect(result.torn).toBe(0)
    // The reader really ran while the file was being replaced: it saw the rewritten versions.
    expect(result.versions).toEqual(expect.arrayContaining([1, 2]))
    expect(await readdir(dir)).toEqual(['big.json', 'stop'])
  })

  it('creates missing parent folders and replaces the old content', async () => {
    const dir = await tempDir()
    const file = join(dir, 'a', 'b', 'c.json')
    await writeFileAtomic(file, '{"n":1}')
    await writeFileAtomic(file, new TextEncoder().encode('{"n":2}'))
    expect(await readFile(file, 'utf8')).toBe('{"n":2}')
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['c.json'])
  })

  it('leaves no temp file behind when the rename fails', async () => {
    const dir = await tempDir()
    // The target is a folder with something in it: rename cannot replace it.
    await mkdir(join(dir, 'target', 'inside'), { recursive: true })
    await expect(writeFileAtomic(join(dir, 'target'), 'x')).rejects.toThrow()
    expect(await readdir(dir)).toEqual(['target'])
  })

  it('leaves no temp files behind after many concurrent writes to one file', async () => {
    const dir = await tempDir()
    const file = join(dir, 'same.json')
    await Promise.all(Array.from({ length: 40 }, (_, i) => writeFileAtomic(file, JSON.stringify({ i }))))
    expect(await readdir(dir)).toEqual(['same.json'])
    const read = await readJsonFile<{ i: number }>(file)
    expect(read.status).toBe('ok')
  })
})

describe('tempPathOf', () => {
  it('names a hidden temp file beside its target, .<name>.<12 hex>.tmp, none repeated within 65,536', () => {
    // The shape is what tests/helpers/data-dir-audit.ts (and a person cleaning up) knows as a temp file.
    const names = Array.from({ length: 65_536 }, () => tempPathOf('/data/articles/bodies/ab/abc.json'))
    for (const name of [names[0]!, names[65_535]!])
      expect(name).toMatch(/^\/data\/articles\/bodies\/ab\/\.abc\.json\.[0-9a-f]{12}\.tmp$/)
    expect(new Set(names).size).toBe(names.length)
    expect(names.every((name) => /\.[0-9a-f]{12}\.tmp$/.test(name))).toBe(true)
  })
})

describe('readJsonFile', () => {
  it('tells ok, missing, empty and cut-short files apart', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'ok.json'), '{"a":[1,2]}')
    await writeFile(join(dir, 'empty.json'), '')
    await writeFile(join(dir, 'cut.json'), '{"a":[1,')
    expect(await readJsonFile(join(dir, 'ok.json'))).toEqual({ status: 'ok', value: { a: [1, 2] } })
    expect(await readJsonFile(join(dir, 'nope.json'))).toEqual({ status: 'missing' })
    expect(await readJsonFile(join(dir, 'empty.json'))).toEqual({
      status: 'damaged',
      reason: 'the file is empty',
    })
    expect(await readJsonFile(join(dir, 'cut.json'))).toMatchObject({ status: 'damaged' })
  })
})
