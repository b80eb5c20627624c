import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { UserError } from '../errors'
import { tempPathOf } from '../store/atomic-write'

/**
 * The file an export writes, streamed: into a temporary file beside the target, renamed over it only once
 * the whole export is written, so a failed or cancelled export leaves no half a book (nor replaces an
 * older one). A path that cannot be written fails at once, in one line.
 */
export class OutputFile {
  readonly path: string
  readonly #temp: string
  readonly #handle: FileHandle

  private constructor(path: string, temp: string, handle: FileHandle) {
    this.path = path
    this.#temp = temp
    this.#handle = handle
  }

  static async create(path: string): Promise<OutputFile> {
    const temp = tempPathOf(path)
    try {
      return new OutputFile(path, temp, await open(temp, 'wx'))
    } catch (error) {
      throw cannotWrite(path, error)
    }
  }

  async write(data: string | Uint8Array): Promise<void> {
    try {
      // writeFile on a handle writes all of it from the current position (write may write part).
      await this.#handle.writeFile(data)
    } catch (error) {
      throw cannotWrite(this.path, error)
    }
  }

  /** Flushes and puts the file in place. */
  async commit(): Promise<void> {
    try {
      await this.#handle.sync()
      await this.#handle.close()
      await rename(this.#temp, this.path)
    } catch (error) {
      await this.discard()
      throw cannotWrite(this.path, error)
    }
  }

  async discard(): Promise<void> {
    await this.#handle.close().catch(() => undefined)
    await rm(this.#temp, { force: true })
  }
}

/** A write failure in words: which path, and why (a missing folder, no permission, a full disk). */
export function cannotWrite(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code
  const why =
    code === 'ENOENT'
      ? 'its folder does not exist'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'permission denied'
        : code === 'ENOSPC'
          ? 'the disk is full'
          : code === 'EISDIR'
            ? 'it is a folder'
            : code === 'ENOTDIR'
              ? 'part of the path is a file, not a folder'
              : ((error as Error).message ?? String(error))
  return new UserError(`cannot write ${path}: ${why}`)
}
