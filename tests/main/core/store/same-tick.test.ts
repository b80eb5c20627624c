import { statSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ArticleStore } from '../../../../src/main/core/article-store'
import { partitionOf } from '../../../../src/main/core/article-catalog'
import { WriteLock } from '../../../../src/main/core/write-lock'
import { makeArticle } from '../../../helpers/make-articles'
import { useTempDirs } from '../../../helpers/temp-dir'

const tempDir = useTempDirs('same-tick')

describe('another writer in the same clock tick', () => {
  it('is seen even when size and modification time did not change', async () => {
    const dir = await tempDir()
    const reader = await ArticleStore.open(dir, new WriteLock(dir), [])
    const writer = await ArticleStore.open(dir, new WriteLock(dir), [])
    const first = makeArticle(1, { title: 'Title A' })
    const week = join(dir, 'articles', 'catalog', `${partitionOf(Date.parse(first.published!))}.json`)
    const manifest = join(dir, 'articles', 'manifest.json')
    // A coarse clock (HFS+, FAT, network drives): every write lands on the same whole second.
    const tick = 1_800_000_000
    const freezeClock = () => [week, manifest].forEach((file) => utimesSync(file, tick, tick))
    await writer.put([first])
    freezeClock()
    expect((await reader.list({ limit: 10 })).map((m) => m.title)).toEqual(['Title A'])

    // A title of the same length: size and time stay the same; only the inode tells the versions apart.
    const size = statSync(week).size
    await writer.put([{ ...first, title: 'Title B' }])
    freezeClock()
    expect(statSync(week).size).toBe(size)
    expect((await reader.list({ limit: 10 })).map((m) => m.title)).toEqual(['Title B'])
  })
})
