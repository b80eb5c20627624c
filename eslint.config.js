// @ts-check
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

/** Node's built-ins, with and without the `node:` prefix. */
const nodeBuiltins = [...builtinModules.filter((m) => !m.startsWith('_')), 'node:*']

/**
 * The layer rules of ARCHITECTURE.md, enforced at lint time (and so in `npm test`).
 * Each entry names what a layer must not import; `tests/layers.test.ts` proves the rule fires.
 */
function forbid(...groups) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: groups,
      },
    ],
  }
}

const noElectron = {
  group: ['electron', 'electron/*', 'electron-store'],
  message: 'Only the Electron shell (src/main/*.ts) and the preload may import electron.',
}
const noNode = { group: nodeBuiltins, message: 'This layer runs without Node: no node:* imports.' }
const noRenderer = {
  group: ['**/renderer/**', '**/renderer'],
  message: 'Nothing outside the renderer imports renderer code.',
}
const noMain = {
  group: ['**/main/**', '**/main'],
  message: 'The renderer and shared code talk to main only through the contract.',
}
const noCli = { group: ['**/cli/**', '**/cli'], message: 'Nothing imports the CLI.' }
const noPreload = { group: ['**/preload/**', '**/preload'], message: 'Nothing imports the preload.' }
/** From src/main/core/*.ts the shell is `../x`; from src/main/core/dir/*.ts it is `../../x`. */
const shellMessage = 'main/core must not import the Electron shell (src/main/*.ts).'
const noShellFromCore = { regex: '^\\.\\./[^.]', message: shellMessage }
const noShellFromCoreSubdir = { regex: '^\\.\\./\\.\\./[^.]', message: shellMessage }
const noShellFromCli = {
  regex: '^(\\.\\./)+main/(?!core/)',
  message: 'The CLI runs the core, not the Electron shell.',
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'tests/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: forbid(noElectron, noNode, noRenderer, noMain, noCli, noPreload),
  },
  { files: ['src/main/core/*.ts'], rules: forbid(noElectron, noRenderer, noCli, noPreload, noShellFromCore) },
  {
    files: ['src/main/core/*/*.ts'],
    rules: forbid(noElectron, noRenderer, noCli, noPreload, noShellFromCoreSubdir),
  },
  { files: ['src/main/*.ts'], rules: forbid(noRenderer, noCli, noPreload) },
  { files: ['src/preload/**/*.ts'], rules: forbid(noNode, noRenderer, noMain, noCli) },
  { files: ['src/cli/**/*.ts'], rules: forbid(noElectron, noRenderer, noPreload, noShellFromCli) },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'tests/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
    },
  },
  { files: ['src/renderer/**/*.{ts,tsx}'], rules: forbid(noElectron, noNode, noMain, noCli, noPreload) },
)
