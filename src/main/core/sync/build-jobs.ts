import type { MessagePort } from 'node:worker_threads'
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
import { FeedParseError, parseFeedDocument, type ParsedFeed } from './feed-parse'

/** The DOM work of a sync, by name: what each job takes and gives (plain data, so it crosses threads). */
export interface ContentJobs {
  /** A feed document (already decoded to text) read into items. */
  feed: { input: { text: string; url: string }; output: ParsedFeed }
  /** A feed's items drafted in one go: one message for the feed, not one per item. */
  drafts: { input: DraftInput[]; output: Draft[] }
  page: { input: PageInput; output: PageOutcome }
  finish: { input: FinishInput; output: ArticleContent }
  text: { input: string; output: string }
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
    feed: ({ text, url }) => parseFeedDocument(text, url),
    drafts: (inputs) => inputs.map(draftItem),
    page: pageContent,
    finish: finishContent,
    text: htmlToText,
  }
  return jobs[type](input)
}

/** Builds on the calling thread: the sync as it was before the pool, and the pool's fallback. */
export function inThreadBuilder(): ContentBuilder {
  return {
    run: (type, input) => new Promise((resolve) => resolve(runContentJob(type, input))),
  }
}

/** Messages between the pool and a build worker. */
export type BuildRequest = { id: number; type: ContentJobType; input: unknown }
export type BuildReply =
  { ready: true } | { id: number; output: unknown } | { id: number; error: SerializedError }

/** An error as it crosses threads: enough to throw the same error (and message) on the other side. */
export interface SerializedError {
  name: string
  message: string
  isHtml?: boolean
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof FeedParseError)
    return { name: error.name, message: error.message, isHtml: error.isHtml }
  if (error instanceof Error) return { name: error.name, message: error.message }
  return { name: 'Error', message: String(error) }
}

/** The error a job threw in a worker, as that job would have thrown it on this thread. */
export function deserializeError(error: SerializedError): Error {
  if (error.name === 'FeedParseError') return new FeedParseError(error.message, error.isHtml)
  const rebuilt = new Error(error.message)
  rebuilt.name = error.name
  return rebuilt
}

/**
 * The worker's side: answers each request with its job's output or error, one at a time (the jobs are
 * synchronous). `run` is replaceable so that tests can make a worker fail on purpose.
 */
export function serveContentJobs(
  port: MessagePort,
  run: (type: ContentJobType, input: unknown) => unknown = (type, input) =>
    runContentJob(type, input as never),
): void {
  port.on('message', (request: BuildRequest) => {
    let reply: BuildReply
    try {
      reply = { id: request.id, output: run(request.type, request.input) }
    } catch (error) {
      reply = { id: request.id, error: serializeError(error) }
    }
    port.postMessage(reply)
  })
  port.postMessage({ ready: true } satisfies BuildReply)
}
