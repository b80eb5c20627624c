import { readFile } from 'node:fs/promises'
import { decodeSegment, encodeSegment } from './segment'
import { buildSegment, mergeSegments, type IndexDoc } from './segment-build'

/** A segment file to merge and which of its documents to leave out. */
export interface MergeSource {
  path: string
  deleted: number[]
}

export type BuildJob = { type: 'build'; docs: IndexDoc[] } | { type: 'merge'; sources: MergeSource[] }

/** Builds or merges a segment, giving the new segment's file bytes: on the index's thread or its worker. */
export async function runJob(job: BuildJob): Promise<Uint8Array> {
  if (job.type === 'build') return encodeSegment(buildSegment(job.docs))
  const inputs = await Promise.all(
    job.sources.map(async (source) => ({
      segment: await readFile(source.path).then((bytes) =>
        decodeSegment(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)),
      ),
      deleted: new Set(source.deleted),
    })),
  )
  return encodeSegment(mergeSegments(inputs))
}
