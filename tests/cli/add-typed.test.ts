import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { atom, longArticle } from '../helpers/feeds'
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server'
import { cliIn, expectOk, expectOneLineError } from '../helpers/run-cli'
import { useTempDirs } from '../helpers/temp-dir'

const tempDir = useTempDirs('cli-add-typed')
let server: FixtureServer
beforeEach(async () => {
  server = await startFixtureServer()
  server.serve('/kh/feed.xml', {
    headers: { 'Content-Type': 'application/atom+xml' },
    body: atom('Kh News', server.url('/kh/'), [
      { id: 'one', title: 'One', link: server.url('/kh/one'), content: longArticle('one') },
    ]),
  })
})
afterEach(async () => {
  await server.close()
})

async function deadPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done))
  const { port } = probe.address() as AddressInfo
  await new Promise((done) => probe.close(done))
  return port
}

describe('addresses typed on the command line', () => {
  it('add takes a bare address (https, then http when https cannot connect)', async () => {
    const cli = cliIn(await tempDir())
    const bare = server.url('/kh/feed.xml').replace('http://', '')
    const run = await cli('add', bare)
    expectOk(run)
    expect(run.stdout).toContain(`Subscribed to Kh News: ${server.url('/kh/feed.xml')}`)
    expect(run.stdout).not.toMatch(/not a URL/)
  })

  it('save takes a bare address', async () => {
    server.serve('/post', {
      headers: { 'Content-Type': 'text/html' },
      body: `<html><head><title>A post</title></head><body><article>${longArticle('p')}</article></body></html>`,
    })
    const cli = cliIn(await tempDir())
    expectOk(await cli('save', server.url('/post').replace('http://', '')))
    const listed = await cli('articles', '--saved', '--json')
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ url: server.url('/post') })])
  })

  it('add says a refused connection is one, offers --anyway, and --anyway subscribes', async () => {
    const cli = cliIn(await tempDir())
    const url = `http://127.0.0.1:${await deadPort()}/feed.xml`
    const refused = await cli('add', url)
    expectOneLineError(
      refused,
      1,
      /the server refused the connection.*\(add --anyway to subscribe all the same\)$/,
    )
    expect(refused.stderr).not.toMatch(/not a feed/)
    const anyway = await cli('add', url, '--anyway')
    expectOk(anyway)
    expect(anyway.stdout).toMatch(
      /could not be fetched now \(.*refused the connection.*\); the next sync tries again/,
    )
    const feeds = JSON.parse((await cli('feeds', '--json')).stdout) as { url: string; lastError: string }[]
    expect(feeds).toEqual([expect.objectContaining({ url, lastError: expect.stringMatching(/refused/) })])
  })

  it('add says a 429 is a busy server', async () => {
    server.serve('/busy.xml', { status: 429, body: 'slow down' })
    const cli = cliIn(await tempDir())
    expectOneLineError(
      await cli('add', server.url('/busy.xml')),
      1,
      /the server is busy \(it answered 429 Too Many Requests\)/,
    )
  })

  it('a duplicate is named by its title, not its id', async () => {
    const cli = cliIn(await tempDir())
    expectOk(await cli('add', server.url('/kh/feed.xml')))
    const again = await cli('add', server.url('/kh/feed.xml'))
    expectOneLineError(again, 1, `already subscribed to ${server.url('/kh/feed.xml')} as “Kh News”`)
  })
})
