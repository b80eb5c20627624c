import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  appUrlMatcher,
  denyAllPermissions,
  hardenWebContents,
  isSafeExternalUrl,
  isTrustedSender,
  loopbackOrigin,
} from '../../src/main/security'
import { FakeSession, FakeWebContents, resetElectronMock, shell } from './electron-mock'

vi.mock('electron', () => import('./electron-mock'))

const INDEX = '/opt/Broadsheet/resources/app.asar/out/renderer/index.html'
const APP_PAGE = 'file:///opt/Broadsheet/resources/app.asar/out/renderer/index.html'
const isAppUrl = appUrlMatcher(INDEX)

beforeEach(() => resetElectronMock())

/** A web contents with the guards installed, as every one the app creates gets them. */
function guarded(): FakeWebContents {
  const contents = new FakeWebContents()
  hardenWebContents(contents as never, isAppUrl)
  return contents
}

describe('the openExternal allowlist', () => {
  it.each([
    'https://example.com/story',
    'http://example.com:8080/a?b=c#d',
    'mailto:editor@example.com',
    'mailto:editor@example.com?subject=See%20attached&body=attached',
    'https://例え.jp/',
  ])('allows %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true)
  })

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'file:///etc/passwd',
    'file://server/share/x.exe',
    'smb://attacker.example/share',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'ms-msdt:/id PCWDiagnostic',
    'search-ms:query=x',
    'broadsheet-cache://' + 'a'.repeat(64),
    'https://user:pass@example.com/',
    'http://',
    'mailto:',
    'mailto:a@example.com?attach=/etc/passwd',
    'mailto:a@example.com?subject=x&attachment=~/.ssh/id_rsa',
    'MAILTO:a@example.com?ATTACH=/etc/passwd',
    'mailto:a@example.com?%61ttach=/etc/passwd',
    'mailto:a@example.com?subject=x;attach=/etc/passwd',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false)
  })

  it('refuses what is not a string', () => {
    expect(isSafeExternalUrl(undefined)).toBe(false)
    expect(isSafeExternalUrl({ href: 'https://example.com' })).toBe(false)
  })
})

describe('navigation guards', () => {
  it('keeps the window on the app page and hands a web link to the browser, parsed', () => {
    const contents = guarded()
    const fired = contents.fire('will-navigate', { url: 'https://example.com/a b' })
    expect(fired.prevented).toBe(true)
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/a%20b')
  })

  it('blocks navigation to other schemes without opening anything', () => {
    const contents = guarded()
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'data:text/html,x']) {
      expect(contents.fire('will-navigate', { url }).prevented, url).toBe(true)
    }
    expect(shell.openExternal).not.toHaveBeenCalled()
  })

  it('lets the app page itself load', () => {
    const contents = guarded()
    expect(contents.fire('will-navigate', { url: APP_PAGE }).prevented).toBe(false)
    expect(contents.fire('will-navigate', { url: `${APP_PAGE}#/feeds` }).prevented).toBe(false)
  })

  it('blocks frames navigating away and redirects', () => {
    const contents = guarded()
    expect(contents.fire('will-frame-navigate', { url: 'https://evil.example/' }).prevented).toBe(true)
    expect(contents.fire('will-redirect', { url: 'https://evil.example/' }).prevented).toBe(true)
    expect(contents.fire('will-frame-navigate', { url: APP_PAGE }).prevented).toBe(false)
    expect(shell.openExternal).not.toHaveBeenCalled()
  })

  it('refuses every new window, opening only http(s) and mailto links in the browser', () => {
    const contents = guarded()
    const open = contents.windowOpenHandler!
    expect(open({ url: 'https://example.com/story' })).toEqual({ action: 'deny' })
    expect(open({ url: 'mailto:a@example.com' })).toEqual({ action: 'deny' })
    for (const url of [
      'javascript:alert(1)',
      'file:///C:/Windows/calc.exe',
      'smb://x/y',
      'data:,x',
      'mailto:a@example.com?attach=/etc/passwd',
      APP_PAGE,
    ]) {
      expect(open({ url })).toEqual({ action: 'deny' })
    }
    expect(shell.openExternal.mock.calls.map(([url]) => url)).toEqual([
      'https://example.com/story',
      'mailto:a@example.com',
    ])
  })

  it('never attaches a <webview>', () => {
    const contents = guarded()
    expect(contents.fire('will-attach-webview', {}).prevented).toBe(true)
  })
})

describe('permissions', () => {
  it('denies every permission request and check', () => {
    const session = new FakeSession()
    denyAllPermissions(session as never)
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn()
      session.permissionRequestHandler!(...([{}, permission, callback] as never[]))
      expect(callback).toHaveBeenCalledWith(false)
      expect(session.permissionCheckHandler!(...([{}, permission, 'file://'] as never[]))).toBe(false)
    }
    expect(session.devicePermissionHandler!(...([{ deviceType: 'usb' }] as never[]))).toBe(false)
  })
})

describe('the IPC sender check', () => {
  const frame = (url: string, parent: unknown = null) => ({ url, parent }) as never

  it('trusts the app page in a top frame only', () => {
    expect(isTrustedSender(frame(APP_PAGE), isAppUrl)).toBe(true)
    expect(isTrustedSender(frame(`${APP_PAGE}?x#y`), isAppUrl)).toBe(true)
    expect(isTrustedSender(frame(APP_PAGE, frame(APP_PAGE)), isAppUrl)).toBe(false)
    expect(isTrustedSender(frame('https://evil.example/'), isAppUrl)).toBe(false)
    expect(isTrustedSender(frame('file:///tmp/evil/index.html'), isAppUrl)).toBe(false)
    expect(
      isTrustedSender(frame('file:///opt/Broadsheet/resources/app.asar/out/renderer/other.html'), isAppUrl),
    ).toBe(false)
    expect(isTrustedSender(null, isAppUrl)).toBe(false)
  })

  it('trusts a dev server only on a loopback address', () => {
    const dev = appUrlMatcher(INDEX, 'http://localhost:5173/')
    expect(isTrustedSender(frame('http://localhost:5173/'), dev)).toBe(true)
    expect(isTrustedSender(frame('http://localhost:5174/'), dev)).toBe(false)
    const remote = appUrlMatcher(INDEX, 'http://dev.example.com:5173/')
    expect(isTrustedSender(frame('http://dev.example.com:5173/'), remote)).toBe(false)
    expect(loopbackOrigin('https://127.0.0.1:5173/')).toBeNull()
    expect(loopbackOrigin('http://127.0.0.1:5173/x')).toBe('http://127.0.0.1:5173')
  })
})
