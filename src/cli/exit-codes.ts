/**
 * The CLI's exit codes (the README's CLI section says them): 0 done, 1 the request failed, 2 the command
 * line was wrong.
 */
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2

/**
 * `sync`'s exit codes: 0 when every feed and account synced (or there was none), 1 when every one of
 * them failed, 3 when some failed and the others synced.
 */
export const SYNC_ALL_FAILED = EXIT_FAILED
export const SYNC_SOME_FAILED = 3
