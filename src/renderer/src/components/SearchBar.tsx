import { forwardRef } from 'react'
import type { FolderView } from '../../../shared/contract'
import type { SearchFilters } from '../state/selection'
import { STRINGS } from '../strings'
import { CloseIcon } from './Icons'
import { SearchHelp } from './SearchHelp'

interface SearchBarProps {
  query: string
  filters: SearchFilters
  /** The feeds' titles by id, for the scope's options. */
  titles: ReadonlyMap<string, string>
  folders: FolderView[]
  onQuery: (query: string) => void
  onFilters: (filters: SearchFilters) => void
  /** Arrow down or Enter in the field: go to the results. */
  onToResults: () => void
  /** Why the query cannot run as typed, said quietly under the field; `incomplete` while it is typed. */
  hint?: { text: string; incomplete: boolean } | null
}

/** The search field (results come as you type) and its filters. */
export const SearchBar = forwardRef<HTMLInputElement, SearchBarProps>(function SearchBar(props, ref) {
  const { query, filters, titles, folders, onQuery, onFilters, onToResults, hint } = props
  const toggle = (key: 'unread' | 'bookmarked' | 'saved', label: string) => (
    <label className={filters[key] ? 'chip chip-on' : 'chip'}>
      <input
        type="checkbox"
        checked={filters[key]}
        onChange={(event) => onFilters({ ...filters, [key]: event.target.checked })}
      />
      {label}
    </label>
  )
  return (
    <div className="search" role="search">
      <div className="search-field">
        <input
          ref={ref}
          type="search"
          aria-label={STRINGS.search.label}
          placeholder={STRINGS.search.placeholder}
          value={query}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={hint ? 'search-hint' : undefined}
          onChange={(event) => onQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              // Clears the field, or leaves it when it is already empty.
              event.preventDefault()
              if (query) onQuery('')
              else event.currentTarget.blur()
            } else if (event.key === 'ArrowDown' || event.key === 'Enter') {
              event.preventDefault()
              onToResults()
            }
          }}
        />
        {query && (
          <button
            type="button"
            className="icon-button search-clear"
            aria-label={STRINGS.search.clear}
            onClick={() => onQuery('')}
          >
            <CloseIcon />
          </button>
        )}
        <SearchHelp />
      </div>
      {query && hint && (
        <p
          id="search-hint"
          aria-live="polite"
          className={hint.incomplete ? 'search-hint' : 'search-hint search-hint-invalid'}
        >
          {hint.text}
        </p>
      )}
      {query && (
        <div className="search-filters" role="group" aria-label={STRINGS.search.filters}>
          <select
            aria-label={STRINGS.search.scope}
            value={filters.scope}
            onChange={(event) => onFilters({ ...filters, scope: event.target.value })}
          >
            <option value="">{STRINGS.search.everywhere}</option>
            {folders.map((folder) => (
              <option key={folder.id} value={`folder:${folder.id}`}>
                {STRINGS.search.folderOption(folder.path)}
              </option>
            ))}
            {[...titles].map(([id, title]) => (
              <option key={id} value={`feed:${id}`}>
                {title}
              </option>
            ))}
          </select>
          {toggle('unread', STRINGS.search.unread)}
          {toggle('bookmarked', STRINGS.search.bookmarked)}
          {toggle('saved', STRINGS.search.saved)}
        </div>
      )}
    </div>
  )
})
