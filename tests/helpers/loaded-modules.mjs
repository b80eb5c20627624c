// `node --import ./tests/helpers/loaded-modules.mjs …`: appends the URL of every ES module the process loads
// (and of every CommonJS module it imports) to the file $LOADED_MODULES_LOG, one a line.
import { register } from 'node:module'

if (process.env.LOADED_MODULES_LOG)
  register('./loaded-modules-hooks.mjs', import.meta.url, { data: { log: process.env.LOADED_MODULES_LOG } })
