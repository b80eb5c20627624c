import { UserError } from './errors'

/** The shortest start of an id that names it: shorter ones are too easily ambiguous. */
export const MIN_ID_PREFIX = 6

/** How many candidates an ambiguous prefix's error lists. */
const LISTED = 8

/** Something with an id, and how a person would recognise it (a title, a user at a server). */
export interface IdCandidate {
  id: string
  label: string
}

/**
 * The one id that `input` names: the id itself, or a unique start of it of at least
 * {@link MIN_ID_PREFIX} characters (any case: ids are lower-case hex). Otherwise a UserError in one
 * line: no such id, a prefix too short, or an ambiguous prefix with the candidates it matches.
 */
export function resolveIdPrefix(kind: string, input: string, candidates: Iterable<IdCandidate>): string {
  const wanted = input.trim().toLowerCase()
  if (wanted.length === 0) throw new UserError(`no ${kind} id given: give one (or the start of one)`)
  const matches: IdCandidate[] = []
  for (const candidate of candidates) {
    const id = candidate.id.toLowerCase()
    if (id === wanted) return candidate.id
    if (wanted.length >= MIN_ID_PREFIX && id.startsWith(wanted)) matches.push(candidate)
  }
  if (matches.length === 1) return (matches[0] as IdCandidate).id
  if (matches.length === 0) {
    const short =
      wanted.length < MIN_ID_PREFIX
        ? ` (give the whole id, or at least its first ${MIN_ID_PREFIX} characters)`
        : ''
    throw new UserError(`no ${kind} with id ${input}${short}`)
  }
  const listed = matches
    .slice(0, LISTED)
    .map((match) => (match.label ? `${match.id} (${match.label})` : match.id))
    .join(', ')
  const more = matches.length > LISTED ? `, and ${matches.length - LISTED} more` : ''
  throw new UserError(
    `ambiguous ${kind} id ${input}: ${matches.length} ${kind}s have ids starting with it — ${listed}${more}; give more of the id`,
  )
}
