/**
 * Runs `task` over items with at most `limit` running at once. After a task fails no new one starts, and
 * the failure is thrown only once the running ones have settled: a caller inside the write lock must not
 * release it while writes it started are still going.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0
  const failures: unknown[] = []
  const worker = async (): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      try {
        await task(items[next++] as T)
      } catch (error) {
        failures.push(error)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failures.length > 0) throw failures[0]
}
