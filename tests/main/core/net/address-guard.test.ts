import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { AddressClassifier } from '../../../../src/main/core/net/address-class'
import { FetchError, fetchResource, type FetchOptions } from '../../../../src/main/core/net/http-fetch'
import { startFixtureServer, type FixtureServer } from '../../../helpers/fixture-server'
import { asPublic } from '../../../helpers/public-addresses'
import { startPrivateTrap, type PrivateTrap } from '../../../helpers/private-trap'

/*
 * The address check of every hop, on fetchResource itself. `site` plays a public server (through the
 * classifier seam); `trap` is 127.0.0.1 at another port, a private server: nothing may reach it but a
 * fetch that trusts its host.
 */
let site: FixtureServer
let trap: PrivateTrap
let classify: AddressClassifier

beforeAll(async () => {
  site = await startFixtureServer()
  trap = await startPrivateTrap()
  classify = asPublic(site)
  site.serve('/ok', { headers: { 'Content-Type': 'text/plain' }, body: 'ok' })
})
afterAll(async () => {
  await Promise.all([site.close(), trap.close()])
})
beforeEach(() => {
  trap.connections = 0
  trap.requests = []
})

function get(url: string, options: Partial<FetchOptions> = {}) {
  return fetchResource(url, {
    version: '1',
    kind: 'page',
    maxBytes: 1024 * 1024,
    timeoutMs: 3000,
    classifyAddress: classify,
    ...options,
  })
}

async function refusal(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(FetchError)
  expect((error as FetchError).kind).toBe('refused-address')
  expect((error as FetchError).message).not.toMatch(/\n/)
  return error as FetchError
}

const hostOf = (server: { origin: string }) => new URL(server.origin).host
const trusting = (server: { origin: string }) => ({ trustedHosts: [hostOf(server)] })

describe('each hop of a fetch reaches only the addresses it may', () => {
  test('a private address, in any spelling, is refused before connecting', async () => {
    const hosts = [
      `127.0.0.1:${trap.port}`,
      `0x7f000001:${trap.port}`,
      `127.1:${trap.port}`,
      `2130706433:${trap.port}`,
      `0177.0.0.1:${trap.port}`,
      `[::ffff:127.0.0.1]:${trap.port}`,
      `[::1]:${trap.port}`,
      `0.0.0.0:${trap.port}`,
    ]
    for (const host of hosts) {
      const error = await refusal(get(`http://${host}/inside`, trusting(site)))
      expect(error.message, host).toMatch(/^not fetched: .+ is an? [a-z -]+ address, and only the sites/)
    }
    expect((await refusal(get(trap.url('/x'), trusting(site)))).message).toBe(
      `not fetched: 127.0.0.1:${trap.port} is a loopback address, and only the sites you added may be at one`,
    )
    expect(trap.connections).toBe(0)
  })

  test('a name is checked by the addresses DNS gives for it', async () => {
    const seen: string[] = []
    const recording: AddressClassifier = (address, port) => {
      seen.push(address)
      return classify(address, port)
    }
    const error = await refusal(
      get(`http://localhost:${trap.port}/inside`, { ...trusting(site), classifyAddress: recording }),
    )
    expect(error.message).toMatch(
      new RegExp(`^not fetched: localhost:${trap.port} is at a loopback address \\((127\\.0\\.0\\.1|::1)\\)`),
    )
    expect(seen.length).toBeGreaterThan(0)
    expect(trap.connections).toBe(0)
    // The same name at the public server's port: resolved, checked and connected.
    const ok = await get(`http://localhost:${new URL(site.origin).port}/ok`, {
      ...trusting(trap),
      classifyAddress: recording,
    })
    expect(ok.status).toBe('ok')
  })

  test('a redirect from a public server to a private one is refused, whatever it is spelled', async () => {
    for (const [index, location] of [
      trap.url('/admin'),
      `http://0x7f000001:${trap.port}/admin`,
      `http://localhost:${trap.port}/admin`,
      `http://[::ffff:7f00:1]:${trap.port}/admin`,
    ].entries()) {
      site.serve(`/to-private-${index}`, { status: 302, headers: { Location: location } })
      await refusal(get(site.url(`/to-private-${index}`), trusting(site)))
    }
    expect(trap.connections).toBe(0)
  })

  test('the address asked for may be private when it is the trusted host; its redirects elsewhere may not', async () => {
    const own = await get(trap.url('/page'))
    expect(own.status).toBe('ok')
    expect(trap.requests).toEqual(['/page'])
    site.serve('/from-public', { status: 302, headers: { Location: trap.url('/image.png') } })
    // A redirect on to the trusted host is that host: allowed.
    expect((await get(site.url('/from-public'), { trustedHosts: [hostOf(site), hostOf(trap)] })).status).toBe(
      'ok',
    )
    // From the trusted private host to another private one (another port): refused.
    const other = await startPrivateTrap()
    try {
      const hop = await startFixtureServer()
      hop.serve('/away', { status: 302, headers: { Location: other.url('/admin') } })
      await refusal(get(hop.url('/away')))
      expect(other.connections).toBe(0)
      await hop.close()
    } finally {
      await other.close()
    }
  })

  test('a kept-alive connection to a trusted private host is never reused by an untrusted fetch', async () => {
    const name = `localhost:${trap.port}`
    expect((await get(`http://${name}/first`, { trustedHosts: [name] })).status).toBe('ok')
    expect(trap.requests).toEqual(['/first'])
    await refusal(get(`http://${name}/second`, trusting(site)))
    expect(trap.requests).toEqual(['/first'])
  })
})
