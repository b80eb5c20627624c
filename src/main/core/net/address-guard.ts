import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { describeKind, type AddressClassifier, type AddressKind } from './address-class'
import { FetchError } from './fetch-error'

/** How one request connects: node:http options for it. */
export interface Connection {
  agent: HttpAgent
  lookup?: LookupFunction
}

/**
 * Connections that may only reach public addresses, per classifier. Their own pool, so that a kept-alive
 * socket opened for a host the user trusts (at a private address) is never reused by a request that may
 * only reach public ones: every socket in these pools was opened to an address checked as public.
 */
const publicPools = new WeakMap<AddressClassifier, { http: HttpAgent; https: HttpsAgent }>()

/**
 * How to connect for one hop of a fetch (the first address or a redirect). A hop on a trusted host (see
 * `trustedHosts` in http-fetch.ts) connects as it is, to whatever address its host has. Any other hop
 * must reach a public address: an IP literal is checked here, and a name is resolved by the returned
 * `lookup`, which hands the connection only the addresses it checked, so DNS cannot answer one thing to
 * the check and another to the connection.
 * @returns null for a trusted host (the default connection).
 * @throws {FetchError} `refused-address` when the address is an IP literal that is not public.
 */
export function guardedConnection(
  url: URL,
  trustedHosts: readonly string[],
  classify: AddressClassifier,
): Connection | null {
  if (trustedHosts.includes(url.host)) return null
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  const literal = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const agent = publicPool(classify)[url.protocol === 'https:' ? 'https' : 'http']
  // Node connects to an IP literal without calling `lookup`.
  if (isIP(literal) !== 0) {
    const kind = classify(literal, port)
    if (kind !== 'public') throw refusal(url.host, kind, null)
    return { agent }
  }
  return { agent, lookup: checkedLookup(url.host, port, classify) }
}

function publicPool(classify: AddressClassifier): { http: HttpAgent; https: HttpsAgent } {
  let pool = publicPools.get(classify)
  if (!pool) {
    // As Node's global agents are: sockets kept alive, the most recently used first.
    const options = { keepAlive: true, scheduling: 'lifo', timeout: 5000 } as const
    pool = { http: new HttpAgent(options), https: new HttpsAgent(options) }
    publicPools.set(classify, pool)
  }
  return pool
}

/**
 * A `lookup` for node:net that resolves every address of the name and passes on only the public ones;
 * with none, the connection fails with the reason. Net asks for one address or, when it races IPv4 and
 * IPv6 (autoSelectFamily), for all of them.
 */
function checkedLookup(host: string, port: number, classify: AddressClassifier): LookupFunction {
  return (hostname, options: LookupOptions, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0)
      const kinds = addresses.map((entry) => classify(entry.address, port))
      const allowed = addresses.filter((_, index) => kinds[index] === 'public')
      const first = allowed[0]
      if (!first) {
        const refused = addresses[0]
        const reason = refused
          ? refusal(host, kinds[0] as AddressKind, refused.address)
          : new FetchError(`could not find the server ${hostname}`, 'network')
        return callback(reason, '', 0)
      }
      if (options.all) (callback as (e: null, all: LookupAddress[]) => void)(null, allowed)
      else callback(null, first.address, first.family)
    })
  }
}

/** The one-line reason a hop is not fetched. */
function refusal(host: string, kind: AddressKind, resolvedTo: string | null): FetchError {
  const where = resolvedTo ? `is at ${describeKind(kind)} (${resolvedTo})` : `is ${describeKind(kind)}`
  return new FetchError(
    `not fetched: ${host} ${where}, and only the sites you added may be at one`,
    'refused-address',
  )
}
