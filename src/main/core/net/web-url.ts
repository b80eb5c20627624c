import { UserError } from '../errors'

/** The URL, normalized, if it is an absolute http(s) URL; otherwise a UserError saying why. */
export function parseWebUrl(input: string): string {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw new UserError(`not a URL: ${input}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(
      `only http and https URLs are supported, not ${url.protocol.replace(':', '')}: ${input}`,
    )
  }
  return url.href
}
