// Shared code runs in Node and in the browser, so it sees neither's globals: only what both have, the
// same there and here. URL (WHATWG) is one; only the members shared code uses are declared.
declare class URL {
  constructor(input: string, base?: string | URL)
  readonly host: string
  readonly href: string
  readonly protocol: string
  readonly search: string
}
