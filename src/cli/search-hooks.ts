import type { Broadsheet } from '../main/core/broadsheet'
import { keepIndexInStep, openLibrarySearch } from '../main/core/search/library-search'

/** Runs a command that changes the store with the search index listening, so the two stay in step. */
export async function withIndexInStep<T>(core: Broadsheet, task: () => Promise<T>): Promise<T> {
  const index = await openLibrarySearch(core, { autoMerge: false })
  const stop = keepIndexInStep(core, index)
  try {
    return await task()
  } finally {
    stop()
    await index.close()
  }
}
