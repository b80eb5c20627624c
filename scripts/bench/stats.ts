/** Small statistics and timing helpers shared by the benchmark sections. */

/** The p-th percentile (nearest rank) of the values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length) - 1
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number
}

export function median(values: readonly number[]): number {
  return percentile(values, 50)
}

/** Rounds to `digits` decimals (figures in a report do not need more). */
export function round(value: number, digits = 1): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

/** Peak resident memory of this process so far, in MB. */
export function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024)
}

/** Writes a progress line on stderr (stdout is kept for the figures). */
export function progress(message: string): void {
  process.stderr.write(`  ${message}\n`)
}

/** Reads `--name value` from argv, or the fallback. */
export function argValue(args: readonly string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`)
  return at >= 0 && args[at + 1] !== undefined ? (args[at + 1] as string) : fallback
}
