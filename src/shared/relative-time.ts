const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/** A span of time in short words: "under a minute", "58 min", "3 h 5 min", "2 days". */
export function durationWords(ms: number): string {
  const span = Math.abs(ms)
  if (span < MINUTE) return 'under a minute'
  const minutes = Math.round(span / MINUTE)
  if (minutes < 60) return `${minutes} min`
  if (minutes < 24 * 60) {
    const hours = Math.floor(minutes / 60)
    const rest = minutes % 60
    return rest ? `${hours} h ${rest} min` : `${hours} h`
  }
  const days = Math.round(span / DAY)
  return `${days} ${days === 1 ? 'day' : 'days'}`
}

/** How far a time is from now, in words: "in 58 min", "3 h ago", "just now". */
export function relativeWords(time: number, now: number): string {
  const delta = time - now
  if (Math.abs(delta) < MINUTE) return 'just now'
  return delta > 0 ? `in ${durationWords(delta)}` : `${durationWords(delta)} ago`
}
