import Conf, { type Options } from 'conf'
import type { ConfFactory } from '../../src/main/core/store/conf-file'

/**
 * A conf factory (startServices' `confFactory`) that counts the writes of each file by name
 * ("config.json", "flags.json"): conf writes a file only by setting its whole store.
 */
export function countingWrites(): { factory: ConfFactory; writes: Map<string, number> } {
  const writes = new Map<string, number>()
  class CountingConf<T extends Record<string, unknown>> extends Conf<T> {
    override get store(): T {
      return super.store
    }
    override set store(value: T) {
      const name = this.path.replace(/^.*[/\\]/, '')
      writes.set(name, (writes.get(name) ?? 0) + 1)
      super.store = value
    }
  }
  const factory: ConfFactory = <T extends Record<string, unknown>>(options: Options<T>) =>
    new CountingConf<T>(options)
  return { factory, writes }
}
