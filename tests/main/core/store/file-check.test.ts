import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Conf from 'conf'
import { Ajv2020 } from 'ajv/dist/2020.js'
import ajvFormats from 'ajv-formats'
import { afterAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  configFileSchema,
  configOptions,
  flagsFileSchema,
  flagsOptions,
  newFeedDefaults,
} from '../../../../src/main/core/store/config-schema'
import { DEFAULT_SETTINGS } from '../../../../src/shared/types'

/**
 * config.json and flags.json are checked with zod as conf reads and writes them; conf used to check them
 * with ajv against the same schemas made JSON Schema. A file the old check accepted and the new one
 * refuses would be set aside on upgrade, so here both judge the same corpus: a full file of each kind,
 * and every field of it replaced by each of a range of values, removed, or joined by an unknown key.
 */
function ajvCheck(schema: z.ZodType): (value: unknown) => boolean {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' })
  // conf's Ajv, as conf made it: all errors, defaults filled, formats added; its schema not checked.
  const ajv = new Ajv2020({ allErrors: true, useDefaults: true, validateSchema: false })
  ajvFormats.default(ajv)
  const validate = ajv.compile(json)
  return (value) => validate(structuredClone(value)) === true
}

const REPLACEMENTS: unknown[] = [
  null,
  '',
  'x',
  'https://example.com/feed.xml',
  0,
  -1,
  1.5,
  7,
  40,
  1_000_001,
  1e300,
  true,
  false,
  [],
  ['a'],
  [1],
  {},
  { code: 'x' },
  { code: 'x', params: { n: 1, s: 'a', deep: [null] } },
  { code: 1 },
  'auto',
  'never',
  'dark',
  'sans',
  'ko',
  'system',
  'greader',
  'keychain',
]

type Json = Record<string, unknown> | unknown[]

/** Every path to a value inside `value` (objects' keys and arrays' indexes). */
function paths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [at]
  const inner = Object.entries(value as Json).flatMap(([key, child]) =>
    paths(child, [...at, Array.isArray(value) ? Number(key) : key]),
  )
  return [at, ...inner]
}

function withChange(
  base: unknown,
  path: Array<string | number>,
  change: (parent: Json, key: string | number) => void,
): unknown {
  const copy = structuredClone(base)
  let parent = copy as Json
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key] as Json
  change(parent, path.at(-1)!)
  return copy
}

/** The base file and every variant of it: each value replaced by each REPLACEMENT, removed, or an unknown key added. */
function corpus(base: Record<string, unknown>): unknown[] {
  const variants: unknown[] = [base, {}]
  for (const path of paths(base)) {
    if (path.length === 0) continue
    for (const value of REPLACEMENTS)
      variants.push(
        withChange(base, path, (parent, key) => ((parent as Record<string | number, unknown>)[key] = value)),
      )
    variants.push(
      withChange(base, path, (parent, key) =>
        Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key],
      ),
    )
    variants.push(
      withChange(base, path, (parent, key) => {
        const child = (parent as Record<string | number, unknown>)[key]
        if (child && typeof child === 'object' && !Array.isArray(child))
          (child as Record<string, unknown>).later = 1
      }),
    )
  }
  return variants
}

const FULL_CONFIG = {
  settings: { ...DEFAULT_SETTINGS, language: 'ko' },
  feeds: [
    {
      ...newFeedDefaults(),
      id: 'f1',
      url: 'http://127.0.0.1/feed.xml',
      title: 'A feed',
      language: 'ko',
      lastErrorCode: { code: 'http-status', params: { status: 500 } },
      errorCount: 2,
      notice: 'left out 3 items',
      noticeCode: null,
      settings: { fullText: 'always', notify: true },
      account: 'a1',
      remoteId: 'feed/1',
      icon: 'icon.png',
      iconCheckedAt: '2026-01-01T00:00:00.000Z',
    },
  ],
  folders: [{ id: 'd1', title: 'News', parentId: null, account: 'a1' }],
  accounts: [
    {
      id: 'a1',
      kind: 'greader',
      url: 'http://127.0.0.1:8080/api/greader.php',
      user: 'me',
      lastSync: null,
      lastError: null,
      lastErrorCode: null,
      credential: 'file',
      itemsUpToUsec: 1_700_000_000_000_000,
    },
  ],
  __internal__: { migrations: { version: '0.1.0' } },
}

const FULL_FLAGS = {
  read: { f1: 'a b c', f2: ['d', 'e'] },
  bookmarked: ['a'],
  hidden: { f1: ['b'] },
  revision: 'r1',
}

const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

describe('config.json and flags.json checked with zod', () => {
  for (const [name, schema, base] of [
    ['config.json', configFileSchema, FULL_CONFIG],
    ['flags.json', flagsFileSchema, FULL_FLAGS],
  ] as const) {
    it(`judge ${name} as conf's ajv did, over every field replaced, removed or added to`, () => {
      const before = ajvCheck(schema)
      const variants = corpus(base)
      expect(variants.length).toBeGreaterThan(300) // 1,892 and 332
      const differ = variants.filter((variant) => before(variant) !== schema.safeParse(variant).success)
      expect(differ).toEqual([])
      // The corpus has both verdicts in it, so agreeing is not agreeing on everything.
      const accepted = variants.filter((variant) => schema.safeParse(variant).success).length
      expect(accepted).toBeGreaterThan(20)
      expect(variants.length - accepted).toBeGreaterThan(100)
    })
  }

  it('give conf no JSON Schema, so the built core can leave ajv out (no-ajv.ts)', () => {
    for (const options of [configOptions('/x'), flagsOptions('/x')]) {
      expect(options).not.toHaveProperty('schema')
      expect(options).not.toHaveProperty('ajvOptions')
      expect(options).not.toHaveProperty('rootSchema')
    }
  })

  it('refuses a file that breaks them as conf opens it, saying where, and writes nothing that breaks them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'file-check-'))
    dirs.push(dir)
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ ...FULL_CONFIG, feeds: [{ id: '', url: 'u', title: 't' }] }),
    )
    expect(() => new Conf(configOptions(dir))).toThrow(/^Config schema violation: `feeds\/0\/id`/)

    const flags = new Conf(flagsOptions(dir))
    const file = readFileSync(join(dir, 'flags.json'), 'utf8')
    expect(() => flags.set('bookmarked', [1] as unknown as string[])).toThrow(
      /Config schema violation: `bookmarked\/0`/,
    )
    expect(readFileSync(join(dir, 'flags.json'), 'utf8')).toBe(file)
  })

  it('keeps what a newer version added to a file, as it reads and writes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'file-check-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'flags.json'), JSON.stringify({ ...FULL_FLAGS, later: { kept: true } }))
    const flags = new Conf(flagsOptions(dir))
    flags.set('bookmarked', ['b'])
    const written = JSON.parse(readFileSync(join(dir, 'flags.json'), 'utf8')) as Record<string, unknown>
    expect(written.later).toEqual({ kept: true })
    expect(written.bookmarked).toEqual(['b'])
  })
})
