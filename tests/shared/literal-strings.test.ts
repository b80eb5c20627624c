import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The guard against words that bypass the catalogs: a user-visible literal in the renderer's JSX (text,
 * or an aria-label, title, placeholder, alt or label attribute written as a string) or in the shell's
 * menus, dialogs and notifications (a `label`, `title`, `body`, `message` or `detail` property given a
 * string) fails here. Words belong in src/shared/locales/*.json, shown through STRINGS (the renderer)
 * or translate() (the shell). A line that truly shows no words of ours (a brand, a symbol) may carry
 * the comment `i18n-exempt` and a reason.
 */

const ROOT = join(import.meta.dirname, '../..')
/** Text a person reads: it has a letter (a lone "·", "×", "?" or a number is no sentence). */
const WORDS = /\p{L}/u
const JSX_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-placeholder',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
])
/** The shell's calls that show their string arguments to a person. */
const SHELL_CALLS = /(^|\.)(showErrorBox|showMessageBox(Sync)?|setToolTip|setTitle|setBadge)$/
const SHELL_PROPERTIES = new Set(['label', 'title', 'body', 'message', 'detail', 'buttons', 'tooltip'])

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
}

/** A string written out in the code (not built from a message): "x", 'x', `x` without ${…}. */
function literalText(node: ts.Node | undefined): string | null {
  if (!node) return null
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  if (ts.isTemplateExpression(node))
    return node.head.text + node.templateSpans.map((s) => s.literal.text).join('')
  if (ts.isJsxExpression(node)) return literalText(node.expression)
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression)
  if (ts.isConditionalExpression(node)) return literalText(node.whenTrue) ?? literalText(node.whenFalse)
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
    return literalText(node.left) ?? literalText(node.right)
  }
  if (ts.isArrayLiteralExpression(node)) return node.elements.map(literalText).find((text) => text) ?? null
  return null
}

/** The user-visible literals in one file's code, as "file:line: text". */
export function literalsIn(file: string, code: string, shell: boolean): string[] {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const lines = code.split('\n')
  const found: string[] = []
  const report = (node: ts.Node, text: string): void => {
    if (!WORDS.test(text)) return
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line
    if (lines[line]?.includes('i18n-exempt') || lines[line - 1]?.includes('i18n-exempt')) return
    found.push(`${file}:${line + 1}: ${text.trim().slice(0, 60)}`)
  }
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) report(node, node.text)
    else if (ts.isJsxExpression(node) && ts.isJsxElement(node.parent) && node.expression) {
      // {'words'} or {`words`} as a child.
      const text = literalText(node.expression)
      if (text !== null) report(node, text)
    } else if (ts.isJsxAttribute(node) && JSX_ATTRIBUTES.has(node.name.getText(source))) {
      const text = literalText(node.initializer)
      if (text !== null) report(node, text)
    } else if (shell && ts.isPropertyAssignment(node) && SHELL_PROPERTIES.has(node.name.getText(source))) {
      const text = literalText(node.initializer)
      if (text !== null) report(node, text)
    } else if (shell && ts.isCallExpression(node) && SHELL_CALLS.test(node.expression.getText(source))) {
      // dialog.showErrorBox('Title', …): every string it is given is shown.
      for (const argument of node.arguments) {
        const text = literalText(argument)
        if (text !== null) report(argument, text)
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

describe('no user-visible literal outside the catalogs', () => {
  it('in the renderer (JSX text and labelling attributes)', () => {
    const found = files('src/renderer/src', /\.tsx$/).flatMap((file) =>
      literalsIn(file, readFileSync(join(ROOT, file), 'utf8'), false),
    )
    expect(found).toEqual([])
  })

  it('in the shell (menus, dialogs, notifications)', () => {
    const found = files('src/main', /\.ts$/)
      .filter((file) => !file.startsWith('src/main/core/'))
      .flatMap((file) => literalsIn(file, readFileSync(join(ROOT, file), 'utf8'), true))
    expect(found).toEqual([])
  })

  it('fails on a planted literal of each kind (the guard is not vacuous)', () => {
    const planted = [
      ['x.tsx', 'const a = <p>Loading feeds…</p>'],
      ['x.tsx', 'const a = <button aria-label="Close">×</button>'],
      ['x.tsx', 'const a = <input placeholder={"Search"} />'],
      ['x.tsx', 'const a = <img alt={`Logo`} />'],
      ['x.tsx', "const a = <span title={ok ? 'Fine' : STRINGS.x}>{STRINGS.y}</span>"],
      ['x.tsx', "const a = <span>{'Words'}</span>"],
    ] as const
    for (const [file, code] of planted) expect(literalsIn(file, code, false), code).toHaveLength(1)
    expect(literalsIn('menu.ts', "const m = [{ label: '&File', submenu: [] }]", true)).toHaveLength(1)
    expect(literalsIn('n.ts', "new Notification({ title: 'New articles', body: text })", true)).toHaveLength(
      1,
    )
    expect(literalsIn('i.ts', "dialog.showErrorBox('Could not start', message)", true)).toHaveLength(1)
    expect(
      literalsIn('i.ts', "dialog.showErrorBox(translate(locale, 'startup.failed'), message)", true),
    ).toEqual([])
    // Words from the catalogs, symbols and numbers pass.
    const fine = [
      'const a = <p>{STRINGS.list.empty}</p>',
      'const a = <button aria-label={STRINGS.actions.close}>×</button>',
      'const a = <span>{count} · {title}</span>',
      'const a = <kbd>?</kbd>',
    ]
    for (const code of fine) expect(literalsIn('x.tsx', code, false), code).toEqual([])
  })
})
