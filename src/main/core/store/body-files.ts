import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { DamageNotice } from '../../../shared/contract'
import type { Article, ArticleMeta } from '../../../shared/types'
import { forEachLimited } from '../for-each-limited'
import { metaOf } from './article-meta'
import { readBodyFile, readBodyFileNow } from './body-file'
import type { BodyWriter } from './body-writer'
import type { JsonRead } from './json-files'
import { quarantineFile } from './quarantine'

/** What can name an article body (`../x` and the like name nothing). */
const ARTICLE_ID = /^[0-9a-z_-]{1,64}$/i
const IO_PARALLELISM = 16

/**
 * The articles' bodies on disk, one file each: `articles/bodies/<ab>/<id>.json`, the whole {@link Article}
 * (body-file.ts's encoding), in folders named by the id's first two characters. Reads quarantine and
 * report a damaged body; writes go through the store's {@link BodyWriter} (this thread, or its worker).
 * Which bodies count is the catalog's to say (article-store.ts): a body it does not name is a leftover.
 */
export class BodyFiles {
  constructor(
    private readonly bodiesDir: string,
    private readonly dataDir: string,
    private readonly reports: DamageNotice[],
    private readonly writer: BodyWriter,
  ) {}

  /** The article whose body this is, or null when there is none. A damaged file is quarantined and reported. */
  async get(id: string): Promise<Article | null> {
    if (!ARTICLE_ID.test(id)) return null
    const path = this.#pathOf(id)
    return this.#articleOf(path, await readBodyFile(path))
  }

  /**
   * {@link get}, read synchronously: one small file, and an async read waits behind every file operation
   * a running sync has queued (the sync section of `npm run bench` measures both).
   */
  getNow(id: string): Article | null {
    if (!ARTICLE_ID.test(id)) return null
    const path = this.#pathOf(id)
    return this.#articleOf(path, readBodyFileNow(path))
  }

  /** The ids of the bodies that start with `prefix` (two or more characters: only that folder is read). */
  async idsStartingWith(prefix: string): Promise<string[]> {
    if (prefix.length < 2 || !ARTICLE_ID.test(prefix)) return []
    const names = await readdir(join(this.bodiesDir, prefix.slice(0, 2))).catch(() => [] as string[])
    return names
      .filter((name) => name.endsWith('.json') && name.startsWith(prefix))
      .map((name) => name.slice(0, -'.json'.length))
      .filter((id) => ARTICLE_ID.test(id))
  }

  /** Writes these articles' bodies: all on disk under their names once this resolves (writeFilesAtomic). */
  write(articles: readonly Article[]): Promise<void> {
    return this.writer.write(articles.map((article) => ({ path: this.#pathOf(article.id), article })))
  }

  /** Removes these articles' bodies (those already gone are no error). */
  async remove(ids: readonly string[]): Promise<void> {
    await forEachLimited(ids, IO_PARALLELISM, (id) => rm(this.#pathOf(id), { force: true }))
  }

  /** Recovery: the catalog records of every readable body that `keep` selects, read from the bodies. */
  async metasWhere(keep: (meta: ArticleMeta) => boolean): Promise<ArticleMeta[]> {
    const metas: ArticleMeta[] = []
    for (const shard of await readdir(this.bodiesDir).catch(() => [] as string[])) {
      const names = await readdir(join(this.bodiesDir, shard)).catch(() => [] as string[])
      await forEachLimited(names, IO_PARALLELISM, async (name) => {
        if (!name.endsWith('.json')) return
        const read = await readBodyFile(join(this.bodiesDir, shard, name))
        if (read.status !== 'ok') return
        const meta = metaOf(read.value)
        if (keep(meta)) metas.push(meta)
      })
    }
    return metas
  }

  /** Ends the writer's worker, if it has one. */
  close(): Promise<void> {
    return this.writer.close()
  }

  #pathOf(id: string): string {
    return join(this.bodiesDir, id.slice(0, 2), `${id}.json`)
  }

  /** The article a read found; a damaged body is quarantined and reported. */
  #articleOf(path: string, read: JsonRead<Article>): Article | null {
    if (read.status === 'ok') return read.value
    if (read.status === 'damaged') {
      this.reports.push({
        file: path,
        keptAt: quarantineFile(this.dataDir, path),
        reason: read.reason,
        action: 'the article will be fetched again on the next sync',
      })
    }
    return null
  }
}
