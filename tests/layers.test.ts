import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { ESLint } from 'eslint'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The layer rules of ARCHITECTURE.md are lint rules; `npm test` runs lint first, so a forbidden import
// fails the build. These cases prove each rule fires (and that allowed imports stay allowed).
const eslint = new ESLint()

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('layer rules', () => {
  const cases: [string, string, boolean][] = [
    ['src/shared/x.ts', "import { app } from 'electron'", false],
    ['src/shared/x.ts', "import { readFile } from 'node:fs'", false],
    ['src/shared/x.ts', "import { readFile } from 'fs'", false],
    ['src/shared/x.ts', "import { Broadsheet } from '../main/core/broadsheet'", false],
    ['src/shared/x.ts', "import type { Feed } from './types'", true],
    ['src/main/core/x.ts', "import { app } from 'electron'", false],
    ['src/main/core/x.ts', "import Store from 'electron-store'", false],
    ['src/main/core/x.ts', "import { main } from '../index'", false],
    ['src/main/core/net/x.ts', "import { main } from '../../index'", false],
    ['src/main/core/x.ts', "import { App } from '../../renderer/src/App'", false],
    ['src/main/core/x.ts', "import { readFile } from 'node:fs'", true],
    ['src/main/core/x.ts', "import type { Feed } from '../../shared/types'", true],
    ['src/main/core/net/x.ts', "import { stableId } from '../ids'", true],
    ['src/main/x.ts', "import { app } from 'electron'", true],
    ['src/main/x.ts', "import { runCli } from '../cli/program'", false],
    ['src/renderer/src/x.ts', "import { ipcRenderer } from 'electron'", false],
    ['src/renderer/src/x.ts', "import { readFile } from 'node:fs'", false],
    ['src/renderer/src/x.ts', "import { Broadsheet } from '../../main/core/broadsheet'", false],
    ['src/renderer/src/x.ts', "import type { Feed } from '../../shared/types'", true],
    ['src/preload/x.ts', "import { contextBridge } from 'electron'", true],
    ['src/preload/x.ts', "import { readFile } from 'node:fs'", false],
    ['src/cli/x.ts', "import { app } from 'electron'", false],
    ['src/cli/x.ts', "import { Broadsheet } from '../main/core/broadsheet'", true],
    ['src/cli/x.ts', "import '../main/index'", false],
  ]
  for (const [file, code, allowed] of cases) {
    it(`${allowed ? 'allows' : 'forbids'} \`${code}\` in ${file}`, async () => {
      const found = await problems(file, `${code}\nexport {}\n`)
      expect(found.length === 0).toBe(allowed)
    })
  }
})

/**
 * Type-checks one more file, `code`, as part of a layer's own project (its tsconfig.json, as `npm run
 * typecheck` builds it) and returns the compiler's complaints.
 */
function compileInLayer(layer: string, code: string): string[] {
  const configPath = resolve(layer, 'tsconfig.json')
  const config = ts.readConfigFile(configPath, ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath))
  const probe = resolve(layer, '__layer_probe__.ts')
  const options = { ...parsed.options, noEmit: true, emitDeclarationOnly: false }
  const host = ts.createCompilerHost(options)
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (file, language, ...rest) =>
    resolve(file) === probe
      ? ts.createSourceFile(file, code, language)
      : getSourceFile(file, language, ...rest)
  const fileExists = host.fileExists.bind(host)
  host.fileExists = (file) => resolve(file) === probe || fileExists(file)
  const program = ts.createProgram({
    rootNames: [...parsed.fileNames, probe],
    options,
    host,
    projectReferences: parsed.projectReferences,
  })
  const source = program.getSourceFile(probe) as ts.SourceFile
  return [...program.getGlobalDiagnostics(), ...program.getSemanticDiagnostics(source)].map((d) =>
    ts.flattenDiagnosticMessageText(d.messageText, ' '),
  )
}

// The compiler holds the same rules: each layer is a TypeScript project that lists its own files and
// references only the layers it may use, and maps the modules it may not use to an empty module.
describe('layer rules, as the compiler enforces them', () => {
  const cases: [string, string, boolean][] = [
    ['src/shared', "import { UserError } from '../main/core/errors'", false],
    ['src/shared', "import { readFileSync } from 'node:fs'", false],
    ['src/shared', "import { hostOf } from './urls'", true],
    ['src/main/core', "import { app } from 'electron'", false],
    ['src/main/core', "import { formatAgo } from '../../renderer/src/format'", false],
    ['src/main/core', "import { startApp } from '../app'", false],
    ['src/main/core', "import { UserError } from './errors'", true],
    ['src/main', "import { runCli } from '../cli/program'", false],
    // (Node's own modules, which Electron's types declare for the preload, are refused by lint alone.)
    ['src/preload', "import { startServices } from '../main/core/broadsheet'", false],
    ['src/renderer', "import { ipcRenderer } from 'electron'", false],
    ['src/renderer', "import { startServices } from '../main/core/broadsheet'", false],
    ['src/cli', "import { startApp } from '../main/app'", false],
    ['src/cli', "import { clip } from './output'", true],
  ]
  for (const [layer, code, allowed] of cases) {
    it(`${allowed ? 'allows' : 'rejects'} \`${code}\` in ${layer}`, () => {
      const name = /import \{ (\w+) \}/.exec(code)?.[1] ?? ''
      const found = compileInLayer(layer, `${code}\nexport const probe = ${name}\n`)
      if (allowed) expect(found).toEqual([])
      else expect(found.length).toBeGreaterThan(0)
      // A refused project file must really export the name: else the compiler would refuse the import
      // for that alone, whatever the layer rules say.
      const from = /from '(\.[^']+)'/.exec(code)?.[1]
      if (!allowed && from) {
        const file = resolve(layer, `${from}.ts`)
        expect(readFileSync(file, 'utf8')).toMatch(
          new RegExp(`export (async )?(function|class|const) ${name}\\b`),
        )
      }
    })
  }
})
