import type { IncomingMessage } from 'node:http'
import { pipeline, type Readable } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib'
import { headerOf } from './http-transport'

/**
 * The body of a response with its Content-Encoding (gzip, deflate, br) undone, as a stream that yields
 * the decompressed bytes as they arrive, so the caller can count them against its cap (a gzip bomb is
 * stopped after the cap, not after it fills memory).
 *
 * Strict, unlike fetch's decoders: zlib's default finish flush makes compressed data that ends early
 * (a gzip stream without its end and checksum) fail with "unexpected end of file" instead of quietly
 * yielding the bytes decoded so far, and a damaged stream fails as well. An unknown coding is passed
 * through as browsers do (servers send "Content-Encoding: utf-8" and the like).
 */
export async function decodedBody(response: IncomingMessage): Promise<Readable> {
  const codings = (headerOf(response, 'content-encoding') ?? '')
    .toLowerCase()
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding !== '' && coding !== 'identity')
  if (codings.length === 0 || codings.some((coding) => !KNOWN.has(coding))) return response
  const first = await peekFirstChunk(response)
  // An empty body has nothing to decode, and nothing missing: some servers label even that gzip.
  if (first === null) return response
  let body: Readable = response
  // Codings are listed in the order they were applied, so they are undone last first.
  codings.reverse().forEach((coding, index) => {
    const decoder =
      coding === 'br'
        ? createBrotliDecompress()
        : coding === 'deflate'
          ? index === 0 && !isZlibHeader(first)
            ? createInflateRaw()
            : createInflate()
          : createGunzip()
    // Each stage destroys its neighbours on error: a reset connection, a damaged stream or the reader
    // giving up (past the cap) tears the whole chain down, socket included.
    body = pipeline(body, decoder, ignore)
  })
  return body
}

const KNOWN = new Set(['gzip', 'x-gzip', 'deflate', 'br'])

/**
 * "deflate" is zlib-wrapped deflate by the standard, and raw deflate from some servers; browsers take
 * both. A zlib stream's first byte names deflate (method 8) in its low bits.
 */
function isZlibHeader(first: Buffer): boolean {
  return (first[0]! & 0x0f) === 0x08
}

/** Waits for the body's first bytes and puts them back, so the body still reads whole. */
function peekFirstChunk(body: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    if (body.destroyed) return reject(body.errored ?? new Error('the response was closed'))
    const settle = (chunk: Buffer | null, error?: unknown): void => {
      body.off('readable', onReadable).off('end', onEnd).off('error', onError).off('close', onClose)
      if (error) reject(error)
      else resolve(chunk)
    }
    const onReadable = (): void => {
      const chunk = body.read() as Buffer | null
      if (chunk === null) return
      body.unshift(chunk)
      settle(chunk)
    }
    const onEnd = (): void => settle(null)
    const onError = (error: unknown): void => settle(null, error)
    // Destroyed without an error (a timeout aborting the request): nothing more will come.
    const onClose = (): void => settle(null, new Error('the response was closed'))
    body.on('readable', onReadable).on('end', onEnd).on('error', onError).on('close', onClose)
  })
}

function ignore(): void {}
