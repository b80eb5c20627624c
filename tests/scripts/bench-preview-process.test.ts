import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PREVIEW_TOKEN_FRAGMENT } from '../../src/shared/preview'
import { printedAddress } from '../../scripts/bench/preview-process'
import { PAGE_SCRIPT } from '../../scripts/bench/ui-page-script'

describe('npm run bench: the preview the startup and UI sections start', () => {
  it('reads the address the preview prints, its token in the fragment, and the naive reader’s', () => {
    const preview = `Broadsheet preview: http://127.0.0.1:4321/#${PREVIEW_TOKEN_FRAGMENT}=t0k-en_1\nOpen it in a browser`
    expect(printedAddress(preview)).toEqual({
      url: `http://127.0.0.1:4321/#${PREVIEW_TOKEN_FRAGMENT}=t0k-en_1`,
      origin: 'http://127.0.0.1:4321',
      token: 't0k-en_1',
    })
    expect(printedAddress('Naive preview: http://127.0.0.1:99/?token=abc\n')?.token).toBe('abc')
    expect(printedAddress('Broadsheet preview: starting')).toBeNull()
  })

  it('sends the token the reader keeps with the page script’s own API calls (no cookie carries it)', () => {
    const key = /const STORAGE_KEY = '([^']+)'/.exec(
      readFileSync('src/renderer/src/preview-session.ts', 'utf8'),
    )?.[1]
    expect(key).toBeTruthy()
    expect(PAGE_SCRIPT).toContain(`Authorization: 'Bearer ' + sessionStorage.getItem('${key}')`)
  })
})
