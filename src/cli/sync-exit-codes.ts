/**
 * `sync`'s exit codes (the README's CLI section says them): 0 when every feed and account synced (or
 * there was none), 1 when every one of them failed, 3 when some failed and the others synced.
 */
export const SYNC_ALL_FAILED = 1
export const SYNC_SOME_FAILED = 3
