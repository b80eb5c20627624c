import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * A throwaway FreshRSS (a real Google Reader API server) from ../shared/freshrss, on 127.0.0.1, for the
 * account tests: user alice, API password alice-api-password-1. Needs Debian's PHP; where it or the
 * FreshRSS release is missing, {@link freshRssMissing} says why and the tests skip, printing it.
 */
export const FRESHRSS_DIR = resolve(import.meta.dirname, '../../../shared/freshrss')
export const FRESHRSS_USER = 'alice'
export const FRESHRSS_API_PASSWORD = 'alice-api-password-1'

/** Why FreshRSS cannot run here, or null when it can. */
export function freshRssMissing(): string | null {
  if (!existsSync(resolve(FRESHRSS_DIR, 'start-freshrss')))
    return `no FreshRSS release at ${FRESHRSS_DIR} (the shared test servers are not on this machine)`
  const php = spawnSync('php', ['-m'], { encoding: 'utf8' })
  if (php.error || php.status !== 0)
    return 'PHP is not installed (apt-get install php-cli php-sqlite3 php-xml php-mbstring php-curl php-intl php-zip)'
  const modules = php.stdout.toLowerCase()
  const lacking = ['pdo_sqlite', 'xml', 'mbstring', 'curl', 'intl', 'zip'].filter(
    (name) => !modules.includes(name),
  )
  if (lacking.length > 0) return `PHP lacks ${lacking.join(', ')} (apt-get install php-sqlite3 php-xml …)`
  const curl = spawnSync('curl', ['--version'])
  if (curl.error) return 'curl is not installed (start-freshrss needs it)'
  return null
}

export interface FreshRss {
  /** http://127.0.0.1:PORT */
  base: string
  /** The Google Reader API endpoint. */
  api: string
  /** Starts it again after stop(), with the same data. */
  start(): void
  stop(): void
  /** Makes it fetch every feed it is subscribed to, now. */
  actualize(): void
  /** An API call as alice (GET, or POST with a form and the action token). */
  call(path: string, form?: Record<string, string | string[]>): Promise<string>
  /** A POST of a raw body as alice (subscription/import takes OPML so). */
  callRaw(path: string, body: string): Promise<string>
}

export function startFreshRss(dir: string): FreshRss {
  // Without FORCE_COLOR (Playwright's workers set it): start-freshrss picks its port with `node -e
  // console.log(port)`, which would print the number in colour codes, and php -S refuses that address.
  const { FORCE_COLOR: _, ...env } = process.env
  const run = () =>
    execFileSync(resolve(FRESHRSS_DIR, 'start-freshrss'), [dir], { encoding: 'utf8', env }).trim()
  const base = run()
  const api = `${base}/api/greader.php`
  let auth: string | null = null
  const authorized = async (): Promise<Record<string, string>> => {
    if (!auth) {
      const answer = await fetch(`${api}/accounts/ClientLogin`, {
        method: 'POST',
        body: new URLSearchParams({ Email: FRESHRSS_USER, Passwd: FRESHRSS_API_PASSWORD }),
      })
      auth = /^Auth=(.+)$/m.exec(await answer.text())?.[1] ?? null
    }
    return { Authorization: `GoogleLogin auth=${auth}` }
  }
  return {
    base,
    api,
    start: () => void run(),
    stop: () => void execFileSync(resolve(FRESHRSS_DIR, 'stop-freshrss'), [dir]),
    // Exits 1 when no feed had anything new (as right after subscribing, which fetches at once).
    actualize: () =>
      void spawnSync('php', [resolve(dir, 'FreshRSS/cli/actualize-user.php'), '--user', FRESHRSS_USER], {
        stdio: 'ignore',
      }),
    call: async (path, form) => {
      const headers = await authorized()
      if (!form) return (await fetch(`${api}/reader/api/0/${path}`, { headers })).text()
      const token = (await (await fetch(`${api}/reader/api/0/token`, { headers })).text()).trim()
      const body = new URLSearchParams({ T: token })
      for (const [key, value] of Object.entries(form))
        for (const one of Array.isArray(value) ? value : [value]) body.append(key, one)
      const answer = await fetch(`${api}/reader/api/0/${path}`, { method: 'POST', headers, body })
      if (!answer.ok) throw new Error(`FreshRSS ${path}: ${answer.status}`)
      return answer.text()
    },
    callRaw: async (path, body) => {
      const answer = await fetch(`${api}/reader/api/0/${path}`, {
        method: 'POST',
        headers: await authorized(),
        body,
      })
      if (!answer.ok) throw new Error(`FreshRSS ${path}: ${answer.status}`)
      return answer.text()
    },
  }
}
