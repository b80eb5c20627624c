import { htmlToText } from '../content/text'
import {
  draftItem,
  finishContent,
  pageContent,
  type ArticleContent,
  type Draft,
  type DraftInput,
  type FinishInput,
  type PageInput,
  type PageOutcome,
} from './article-content'
import { rebuildError, type SerializedError } from '../workers/task-outcome'
import { linkedFeeds, linkedIcons } from './discover-links'
import { savedPageContent, type SavedPageContent, type SavedPageInput } from './saved-page-content'
import { FeedParseError, newestItems, parseFeedDocument, type ParsedFeed } from './feed-parse'

/** The DOM work of a sync, by name: what each job takes and gives (plain data, so it crosses threads). */
export interface ContentJobs {
  /** A feed document (already decoded to text) read into items: its newest (feed-parse.ts's newestItems). */
  feed: { input: { text: string; url: string }; output: ParsedFeed }
  /** A feed's items drafted in one go: one message for the feed, not one per item. */
  drafts: { input: DraftInput[]; output: Draft[] }
  page: { input: PageInput; output: PageOutcome }
  finish: { input: FinishInput; output: ArticleContent }
  text: { input: string; output: string }
  /** A page saved by URL (save-page.ts). */
  saved: { input: SavedPageInput; output: SavedPageContent }
  /** The feeds a web page names (feed discovery). */
  links: { input: { html: string; pageUrl: string }; output: string[] }
  /** The icons a site's home page names (a feed's favicon). */
  icons: { input: { html: string; pageUrl: string }; output: string[] }
}

export type ContentJobType = keyof ContentJobs
export type JobInput<K extends ContentJobType> = ContentJobs[K]['input']
export type JobOutput<K extends ContentJobType> = ContentJobs[K]['output']

/** Runs the sync's DOM work: on the calling thread, or in a pool of workers (build-pool.ts). */
export interface ContentBuilder {
  run<K extends ContentJobType>(type: K, input: JobInput<K>): Promise<JobOutput<K>>
}

/** Does one job on this thread. */
export function runContentJob<K extends ContentJobType>(type: K, input: JobInput<K>): JobOutput<K> {
  const jobs: { [J in ContentJobType]: (input: JobInput<J>) => JobOutput<J> } = {
    feed: ({ text, url }) => newestItems(parseFeedDocument(text, url)),
    drafts: (inputs) => inputs.map(draftItem),
    page: pageContent,
    finish: finishContent,
    text: htmlToText,
    saved: savedPageContent,
    links: ({ html, pageUrl }) => linkedFeeds(html, pageUrl),
    icons: ({ html, pageUrl }) => linkedIcons(html, pageUrl),
  }
  return jobs[type](input)
}

/** Builds on the calling thread: the sync as it was before the pool, and the pool's fallback. */
export function inThreadBuilder(): ContentBuilder {
  return {
    run: (type, input) => new Promise((resolve) => resolve(runContentJob(type, input))),
  }
}

/** One job as it goes to a build worker. */
export interface ContentJob {
  type: ContentJobType
  input: unknown
}

/** Runs one job as it arrived in a build worker (build-worker.ts). */
export function runJobMessage(job: ContentJob): unknown {
  return runContentJob(job.type, job.input as never)
}

/** The error a job threw in a worker, as that job would have thrown it on this thread. */
export function rebuildJobError(error: SerializedError): Error {
  if (error.name === 'FeedParseError') return new FeedParseError(error.message, error.fields.isHtml === true)
  return rebuildError(error)
}
