import { describe, expect, it } from 'vitest'
import { folderNamedIn, folderPath } from '../../../../src/main/core/subscriptions/folders'
import type { Folder } from '../../../../src/shared/types'

const FOLDERS: Folder[] = [
  { id: 'news', title: 'News', parentId: null },
  { id: 'news-daily', title: 'Daily', parentId: 'news' },
  { id: 'sport', title: 'Sport', parentId: null },
  { id: 'sport-daily', title: 'Daily', parentId: 'sport' },
  { id: 'sport-rugby', title: 'Rugby', parentId: 'sport' },
]
const withPaths = FOLDERS.map((folder) => ({ ...folder, path: folderPath(FOLDERS, folder.id) }))
const named = (name: string) => folderNamedIn(withPaths, name).id

describe('the folder a person names', () => {
  it('is the one with that path, case and surrounding spaces aside', () => {
    expect(named('News')).toBe('news')
    expect(named('sport/daily')).toBe('sport-daily')
    expect(named('  NEWS/DAILY ')).toBe('news-daily')
    expect(named('/sport/')).toBe('sport')
  })

  it('is the one with that title when only one folder has it', () => {
    expect(named('rugby')).toBe('sport-rugby')
  })

  it('is refused in one line when no folder, or several, fit', () => {
    expect(() => named('Weather')).toThrow('there is no folder named "Weather"')
    expect(() => named('daily')).toThrow(
      'more than one folder is named "daily": give its path (News/Daily, Sport/Daily)',
    )
  })
})
