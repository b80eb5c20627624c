import { useCallback } from 'react'
import { useCommandRegistry } from '../commands/CommandContext'
import { useFocusTargets } from '../commands/focus-targets'
import { emptyMessageOf } from '../state/empty-message'
import { listsOneFeed } from '../state/listed-feed'
import { activeQuery } from '../state/navigation'
import { useFeedIcon, useFeedLanguage, useFeedTitle, useReader } from '../state/reader-context'
import { useStore } from '../state/store'
import { INCOMPLETE_QUERY_CODES, isQueryProblem } from '../../../shared/failure-codes'
import { STRINGS } from '../strings'
import { ArticleList } from './ArticleList'
import { ListHeader } from './ListHeader'
import { SearchBar } from './SearchBar'

/** In one feed's list the rows leave the feed's name to the heading. */
const noFeedTitle = (): null => null

/** The middle pane: the search field, what is listed, and the list itself, drawn from the stores. */
export function ListPane() {
  const { searchField } = useFocusTargets()
  const { list, navigation, article, library, actions } = useReader()
  const registry = useCommandRegistry()
  const listed = useStore(list.state)
  const nav = useStore(navigation.state)
  const selectedId = useStore(article.state, (state) => state.id)
  const titles = useStore(library.state, (state) => state.titles)
  const folders = useStore(library.state, (state) => state.folders)
  const feedTitle = useFeedTitle()
  const feedLanguage = useFeedLanguage()
  const feedIcon = useFeedIcon()
  const searched = activeQuery(nav)
  const oneFeed = listsOneFeed(nav.selection, searched, nav.filters)
  const rowFeedTitle = oneFeed ? noFeedTitle : feedTitle
  const problem = listed.queryProblem
  const hint =
    searched && problem && isQueryProblem(problem.code)
      ? {
          text: STRINGS.search.problem(problem.code, problem.params),
          incomplete: INCOMPLETE_QUERY_CODES.has(problem.code),
        }
      : null

  // Stable, like select: every row on screen gets it, and a new one each render re-rendered them all.
  const openArticle = useCallback(
    (id: string) => {
      actions.select(id)
      registry.run('open-article')
    },
    [actions, registry],
  )

  return (
    <ArticleList
      rows={listed.rows}
      selectedId={selectedId}
      feedTitle={rowFeedTitle}
      feedLanguage={feedLanguage}
      feedIcon={feedIcon}
      loading={listed.loading}
      error={
        listed.error && (searched ? STRINGS.search.failed(listed.error) : STRINGS.list.failed(listed.error))
      }
      hasMore={listed.hasMore}
      listing={listed.listing}
      emptyMessage={emptyMessageOf(searched, nav.selection)}
      onSelect={actions.select}
      onOpen={openArticle}
      onLoadMore={list.loadMore}
      onRetry={list.retry}
      header={
        <>
          <SearchBar
            ref={searchField}
            query={nav.query}
            filters={nav.filters}
            titles={titles}
            folders={folders}
            onQuery={navigation.setQuery}
            onFilters={navigation.setFilters}
            hint={hint}
            onToResults={() => {
              // Into the results: the first one, unless the open article is among them.
              const first = listed.rows[0]
              if (first && !actions.selectedRow()) actions.select(first.id)
              document.querySelector<HTMLElement>('[role="listbox"]')?.focus()
            }}
          />
          <ListHeader />
        </>
      }
    />
  )
}
