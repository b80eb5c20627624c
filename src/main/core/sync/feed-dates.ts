/** Zone abbreviations feeds use that Date.parse does not know (it knows UT/GMT and the US zones). */
const ZONES: Record<string, string> = {
  UTC: '+0000',
  Z: '+0000',
  KST: '+0900',
  JST: '+0900',
  CST: '-0600',
  HKT: '+0800',
  SGT: '+0800',
  IST: '+0530',
  CET: '+0100',
  CEST: '+0200',
  EET: '+0200',
  EEST: '+0300',
  WET: '+0000',
  WEST: '+0100',
  BST: '+0100',
  MSK: '+0300',
  AEST: '+1000',
  AEDT: '+1100',
  NZST: '+1200',
}

/**
 * Parses the dates feeds really carry — RFC 822/1123 (with or without weekday, with zone names),
 * ISO 8601/RFC 3339, "2024-03-05 10:00:00", "2024.03.05 10:00", "2024/03/05" — to an ISO string, or null.
 * A date without a zone is taken as UTC.
 */
export function parseFeedDate(value: string | null | undefined): string | null {
  if (!value) return null
  let text = value.trim().replace(/\s+/g, ' ')
  if (!text) return null
  // "Tue, 05 Mar 2024 10:00:00 KST" → numeric offset
  text = text.replace(/\b([A-Z]{1,4})$/, (zone) => ZONES[zone] ?? zone)
  // "2024.03.05 10:00" / "2024/03/05" / "2024-03-05 10:00:00" → ISO
  const numeric =
    /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
      text,
    )
  if (numeric) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = numeric
    const pad = (n: string) => n.padStart(2, '0')
    const offset =
      !zone || zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`
    text = `${y}-${pad(mo as string)}-${pad(d as string)}T${pad(h)}:${pad(mi)}:${pad(s)}${fraction}${offset}`
  } else if (/\d:\d\d(:\d\d)?$/.test(text)) {
    // An RFC 822 date that ends at its time has no zone; V8 would read it as local time.
    text = `${text} +0000`
  }
  const time = Date.parse(text)
  if (!Number.isFinite(time)) return null
  // Years before the web or far ahead are typos, not dates.
  const year = new Date(time).getUTCFullYear()
  if (year < 1990 || year > 2200) return null
  return new Date(time).toISOString()
}
