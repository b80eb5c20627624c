import type { TextRange } from '../../../shared/contract'
import { splitByRanges } from '../highlight'

/** A text with its search matches in <mark>. */
export function Highlighted({ text, ranges }: { text: string; ranges?: readonly TextRange[] }) {
  return (
    <>
      {splitByRanges(text, ranges).map((piece, index) =>
        piece.match ? (
          <mark key={index} className="search-match">
            {piece.text}
          </mark>
        ) : (
          piece.text
        ),
      )}
    </>
  )
}
