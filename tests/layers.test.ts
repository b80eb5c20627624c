import { ESLint } from 'eslint'
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
