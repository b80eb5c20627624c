/**
 * Stands in for ajv and ajv-formats in the built core (electron.vite.config.ts). conf imports both at its
 * top, but builds its validator only when given a JSON Schema (`schema`, `ajvOptions` or `rootSchema`),
 * and Broadsheet gives none: config.json and flags.json are checked with zod (config-schema.ts). Without
 * this, every process start would read and run ajv's 270 KB for nothing. Reached only if options with a
 * JSON Schema were ever passed, and then it says so rather than skipping the check.
 */
function refuse(): never {
  throw new Error(
    'ajv is not bundled: check stored files with zod (core/store/config-schema.ts), not a conf JSON Schema',
  )
}

export class Ajv2020 {
  constructor() {
    refuse()
  }
}

export default refuse
