import { titleTerms } from './feed-field'
import { compileQuery } from './query-compile'
import { SearchQueryError } from './query-parse'

/**
 * The feeds `feed:NAME` names, by their titles as they are now (a renamed feed is found by its new name
 * at once). A title equal to NAME (case aside) names that feed alone, so `feed:"BBC News"` is not also
 * "BBC News Asia"; otherwise every feed whose title has NAME's words, as a search finds words (stemmed,
 * accents folded, `feed:wor*` a prefix): `feed:bbc` is all of the BBC's feeds. A name no title has is
 * refused in words (`query-unknown-feed`), as `folder:` does, except while it is still the start of a
 * title's word (`feed:verg`, typed on to `feed:verge`): then it is only not finished.
 */
export function feedsNamed(name: string, titles: ReadonlyMap<string, string>): string[] {
  const wanted = name.toLowerCase()
  const exact = [...titles].filter(([, title]) => title.toLowerCase() === wanted).map(([id]) => id)
  if (exact.length > 0) return exact
  const clauses = clausesOf(name)
  const byWords = clauses
    ? [...titles]
        .filter(([, title]) => {
          const terms = [...titleTerms(title)]
          return clauses.every(({ slots }) =>
            slots.every(
              (slot) =>
                slot.terms.some((term) => terms.includes(term)) ||
                slot.prefixes.some((prefix) => terms.some((term) => term.startsWith(prefix))),
            ),
          )
        })
        .map(([id]) => id)
    : []
  if (byWords.length > 0) return byWords
  const typed = name.replace(/\*$/, '').toLowerCase()
  const startsAWord = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(typed)}`, 'u')
  if (typed && [...titles.values()].some((title) => startsAWord.test(title.toLowerCase())))
    throw new SearchQueryError('query-partial-filter', `"feed:${name}" is not finished`, {
      filter: `feed:${name}`,
    })
  throw new SearchQueryError('query-unknown-feed', `there is no feed named "${name}"`, { feed: name })
}

/** NAME's words as the search analyzes them; null when none is left (only common words, as "the"). */
function clausesOf(name: string): ReturnType<typeof compileQuery>['clauses'] | null {
  try {
    return compileQuery(name.replace(/"/g, ' ')).clauses.filter((clause) => clause.presence !== 'not')
  } catch {
    return null
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
