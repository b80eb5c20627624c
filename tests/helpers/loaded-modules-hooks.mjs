// The module hooks of loaded-modules.mjs (they run on a thread of their own).
import { appendFileSync } from 'node:fs'

let log = ''

export function initialize(data) {
  log = data.log
}

export async function load(url, context, nextLoad) {
  appendFileSync(log, `${url}\n`)
  return nextLoad(url, context)
}
