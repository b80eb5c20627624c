import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { COMMANDS, type CommandInfo } from '../src/shared/commands'

const readme = readFileSync('README.md', 'utf8')
const keys = readme.slice(readme.indexOf('Everything has a key'), readme.indexOf('## The CLI'))

/** "CmdOrCtrl+F" as the README writes it. */
function written(key: string): string {
  return key.replace('CmdOrCtrl+', 'Ctrl+')
}

describe('the README', () => {
  it('lists every keyboard shortcut of the command registry', () => {
    for (const command of COMMANDS as readonly CommandInfo[]) {
      for (const key of [command.key, command.altKey]) {
        if (key) expect(keys, `${command.id}: ${key}`).toContain(`\`${written(key)}\``)
      }
    }
  })
})

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-')
}

describe('the README as a front door', () => {
  const headings = [...readme.matchAll(/^#{1,6} (.+)$/gm)].map((m) => ({ text: m[1] ?? '', at: m.index }))
  const links = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '')

  it('links only to files that exist and to headings it has', () => {
    expect(links.length).toBeGreaterThan(0)
    for (const link of links) {
      if (/^[a-z]+:/.test(link)) continue
      if (link.startsWith('#')) {
        expect(
          headings.map((h) => anchorOf(h.text)),
          link,
        ).toContain(link.slice(1))
      } else {
        expect(existsSync(link.split('#')[0] ?? ''), link).toBe(true)
      }
    }
    for (const doc of ['docs/ARCHITECTURE.md', 'docs/BENCHMARKS.md']) expect(links, doc).toContain(doc)
  })

  it('shows the app in a screenshot before the quick start', () => {
    const image = readme.match(/!\[[^\]]+\]\(([^)]+\.png)\)/)
    expect(image, 'an image with alternative text').not.toBeNull()
    expect(image!.index).toBeLessThan(readme.indexOf('## Quick start'))
    const png = readFileSync(image![1] ?? '')
    expect(png.subarray(1, 4).toString()).toBe('PNG')
  })

  it('says "below" or "above" of a section only where that section is', () => {
    for (const m of readme.matchAll(/see (?:the )?([A-Z][\w ]*?) (below|above)/g)) {
      const heading = headings.find((h) => h.text.startsWith(m[1] ?? ''))
      expect(heading, `"${m[0]}" names a section`).toBeDefined()
      expect(m[2] === 'below' ? heading!.at > m.index : heading!.at < m.index, m[0]).toBe(true)
    }
  })

  it('keeps benchmark internals in docs/, not on the user’s page', () => {
    for (const internal of ['| section', 'heap growth', 'npx tsx scripts/bench-']) {
      expect(readme, internal).not.toContain(internal)
      expect(readFileSync('docs/BENCHMARKS.md', 'utf8'), internal).toContain(internal)
    }
  })

  it('decides about every install script in the lockfile, and says why each one skipped is safe', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { allowScripts: Record<string, boolean> }
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>
    }
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
    expect(pkg.allowScripts.electron).toBe(true)
    for (const name of withScripts) expect(Object.keys(pkg.allowScripts), name).toContain(name)
    for (const [name, allowed] of Object.entries(pkg.allowScripts)) {
      if (!allowed)
        expect(readme, `the README explains why ${name}'s script may be skipped`).toContain(`\`${name}\``)
    }
  })
})
