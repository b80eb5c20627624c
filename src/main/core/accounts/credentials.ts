import { join } from 'node:path'
import { isPlainObject, readJsonFile } from '../store/json-files'
import { writeFileAtomic } from '../store/atomic-write'
import type { WriteLock } from '../store/write-lock'

/** Where an account's token is kept: the OS keychain, or a file of the data dir only the user can read. */
export type CredentialPlace = 'keychain' | 'file'

/** Which places may be used: the keychain where the system has one, else the file; or the file only. */
export type CredentialPolicy = 'keychain-or-file' | 'file'

const SERVICE = 'Broadsheet'
const FILE = 'credentials.json'

/** The keychain as @napi-rs/keyring offers it (loaded on first need; absent or failing: the file). */
interface Keychain {
  get(key: string): string | null
  set(key: string, secret: string): void
  delete(key: string): void
}

/**
 * Account tokens (what a server returned for the password, never the password itself). Kept in the OS
 * keychain through @napi-rs/keyring where the system has one (macOS Keychain, Windows Credential Manager,
 * the Secret Service on Linux), else in `<dataDir>/credentials.json`, created readable by the user alone
 * (0600). Never in config.json, logs, errors or JSON output.
 */
export class CredentialStore {
  readonly #file: string
  readonly #dataDir: string
  readonly #lock: WriteLock
  readonly #policy: CredentialPolicy
  #keychain: Promise<Keychain | null> | null = null

  constructor(dataDir: string, lock: WriteLock, policy: CredentialPolicy = 'keychain-or-file') {
    this.#dataDir = dataDir
    this.#file = join(dataDir, FILE)
    this.#lock = lock
    this.#policy = policy
  }

  /** Keeps an account's token; returns where it went. */
  async set(accountId: string, secret: string): Promise<CredentialPlace> {
    const keychain = await this.#openKeychain()
    if (keychain) {
      try {
        keychain.set(this.#key(accountId), secret)
        if (keychain.get(this.#key(accountId)) === secret) return 'keychain'
      } catch {
        // No usable keychain after all (a locked or absent Secret Service): the file it is.
      }
    }
    await this.#changeFile((secrets) => (secrets[accountId] = secret))
    return 'file'
  }

  async get(accountId: string, place: CredentialPlace): Promise<string | null> {
    if (place === 'keychain') {
      try {
        return (await this.#openKeychain())?.get(this.#key(accountId)) ?? null
      } catch {
        return null
      }
    }
    const secrets = await this.#readFile()
    const secret = secrets[accountId]
    return typeof secret === 'string' ? secret : null
  }

  /** Forgets an account's token wherever it is. */
  async delete(accountId: string): Promise<void> {
    try {
      ;(await this.#openKeychain())?.delete(this.#key(accountId))
    } catch {
      // Not there.
    }
    await this.#changeFile((secrets) => delete secrets[accountId])
  }

  /** The data dir is part of the key: two libraries on one machine keep their accounts apart. */
  #key(accountId: string): string {
    return `${this.#dataDir}#${accountId}`
  }

  #openKeychain(): Promise<Keychain | null> {
    if (this.#policy === 'file') return Promise.resolve(null)
    this.#keychain ??= import('@napi-rs/keyring').then(
      ({ Entry }) => ({
        get: (key) => new Entry(SERVICE, key).getPassword() ?? null,
        set: (key, secret) => new Entry(SERVICE, key).setPassword(secret),
        delete: (key) => void new Entry(SERVICE, key).deletePassword(),
      }),
      () => null,
    )
    return this.#keychain
  }

  async #readFile(): Promise<Record<string, unknown>> {
    const read = await readJsonFile<unknown>(this.#file)
    return read.status === 'ok' && isPlainObject(read.value) ? read.value : {}
  }

  async #changeFile(change: (secrets: Record<string, unknown>) => unknown): Promise<void> {
    await this.#lock.run(async () => {
      const secrets = await this.#readFile()
      const before = JSON.stringify(secrets)
      change(secrets)
      if (JSON.stringify(secrets) === before) return
      await writeFileAtomic(this.#file, JSON.stringify(secrets), { mode: 0o600 })
    })
  }
}
