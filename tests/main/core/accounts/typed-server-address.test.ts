import { describe, expect, it } from 'vitest'
import { AccountError, type ServerTransport } from '../../../../src/main/core/accounts/greader-http'
import { startServices } from '../../../../src/main/core/broadsheet'
import { fakeGReader } from '../../../helpers/fake-greader'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('typed-server-address')

/** The fake server over http only: https to it fails to connect, as https to a plain-http port does. */
function httpOnly(server: ReturnType<typeof fakeGReader>, httpsAnswers = false): ServerTransport {
  return async (request) => {
    if (request.url.startsWith('https:')) {
      if (httpsAnswers) return { status: 401, contentType: 'text/plain', text: 'Unauthorized' }
      throw new AccountError('rss.example could not be reached: EPROTO', 'network')
    }
    return server.transport(request)
  }
}

describe('a server account’s address typed without https://', () => {
  it('signs in over https first, then http when https cannot connect, and keeps the address that worked', async () => {
    const server = fakeGReader()
    const core = await startServices({
      dataDir: await tempDir(),
      accounts: { transport: httpOnly(server), credentials: 'file' },
    })
    await core.accounts.test({ url: 'rss.example/api/greader.php', user: 'alice', password: 'pw' })
    const account = await core.accounts.add({
      url: 'rss.example/api/greader.php',
      user: 'alice',
      password: 'pw',
    })
    expect(account.url).toBe('http://rss.example/api/greader.php')
    expect(server.state.requests.map((request) => request.url)).toContain(
      'http://rss.example/api/greader.php/accounts/ClientLogin',
    )
    await core.close()
  })

  it('does not fall back to http when the https server answered (a refused sign-in stands)', async () => {
    const server = fakeGReader()
    const core = await startServices({
      dataDir: await tempDir(),
      accounts: { transport: httpOnly(server, true), credentials: 'file' },
    })
    await expect(
      core.accounts.add({ url: 'rss.example/api/greader.php', user: 'alice', password: 'pw' }),
    ).rejects.toThrow(/authentication failed at rss\.example/)
    expect(server.state.requests).toHaveLength(0)
    await core.close()
  })
})
