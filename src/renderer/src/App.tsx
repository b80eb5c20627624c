import { useCallback, useRef } from 'react'
import { CommandButton } from './commands/CommandButton'
import { CommandProvider } from './commands/CommandContext'
import { ArticleList } from './components/ArticleList'
import { GearIcon, KeyboardIcon, PlusIcon, SaveIcon } from './components/Icons'
import { ListHeader } from './components/ListHeader'
import { Reader } from './components/Reader'
import { ReaderDialogs } from './components/ReaderDialogs'
import { SearchBar } from './components/SearchBar'
import { Sidebar } from './components/Sidebar'
import { Splitter } from './components/Splitter'
import { SyncStatus } from './components/SyncStatus'
import { Welcome } from './components/Welcome'
import { pickAndImportOpml } from './opml-files'
import { emptyMessageOf } from './state/empty-message'
import { MIN_WIDTHS, usePaneWidths } from './state/use-pane-widths'
import { useReader } from './state/use-reader'
import { useReaderCommands } from './state/use-reader-commands'
import { STRINGS } from './strings'

/** The three-pane reader, composed: state and commands come from hooks, drawing from components. */
export function App() {
  const reader = useReader()
  const panes = usePaneWidths()
  const searchInput = useRef<HTMLInputElement>(null)
  const readerScroll = useRef<HTMLDivElement>(null)
  const { library, list, sync } = reader
  const focusSearch = useCallback(() => {
    searchInput.current?.focus()
    searchInput.current?.select()
  }, [])
  const focusReader = useCallback(() => readerScroll.current?.focus(), [])
  const { select } = reader
  // Stable, like select: every row on screen gets it, and a new one each render re-rendered them all.
  const openArticle = useCallback(
    (id: string) => {
      select(id)
      readerScroll.current?.focus()
    },
    [select],
  )
  const shownArticle = reader.article ?? reader.opened.lingering
  const handlers = useReaderCommands(reader, { focusSearch, focusReader })
  // First run: nothing subscribed and nothing saved (saved pages show under All Articles too).
  const firstRun =
    library.loaded &&
    library.feeds.length === 0 &&
    !library.error &&
    reader.selection.kind === 'all' &&
    !reader.activeQuery &&
    !list.loading &&
    list.rows.length === 0

  const importOpml = (): void => {
    pickAndImportOpml().then((result) => {
      if (!result) return
      reader.sync.changed()
      reader.setNotice(STRINGS.settings.imported(result.added.length, result.skipped.length))
      if (result.added.length > 0) reader.sync.refresh()
    }, reader.fail)
  }

  return (
    <CommandProvider handlers={handlers} keysEnabled={reader.dialog === null}>
      <div
        className="app"
        style={{
          gridTemplateColumns: `${panes.widths.sidebar}px 0 ${panes.widths.list}px 0 minmax(${MIN_WIDTHS.reader}px, 1fr)`,
        }}
      >
        <Sidebar
          feeds={library.feeds}
          folders={library.folders}
          selection={reader.selection}
          onSelect={reader.choose}
          error={library.error}
          onRetry={() => void library.reload()}
          onFeedAction={(action, feed) => {
            if (action === 'mark-read') reader.markAllRead({ feedIds: [feed.id] }).catch(reader.fail)
            else reader.setDialog({ kind: `${action}-feed`, feed })
          }}
          onFolderAction={(action, folder) => {
            if (action === 'mark-read') reader.markAllRead({ folderId: folder.id }).catch(reader.fail)
            else reader.setDialog({ kind: 'rename-folder', folder })
          }}
          header={<SyncStatus sync={sync} />}
          footer={
            <div className="sidebar-footer" role="toolbar" aria-label={STRINGS.appName}>
              <CommandButton command="add-feed" icon={<PlusIcon />} label={STRINGS.actions.addFeed} />
              <CommandButton command="save-page" icon={<SaveIcon />} label={STRINGS.actions.savePage} />
              <CommandButton command="open-settings" icon={<GearIcon />} label={STRINGS.actions.settings} />
              <CommandButton
                command="show-shortcuts"
                icon={<KeyboardIcon />}
                label={STRINGS.actions.shortcuts}
              />
            </div>
          }
        />
        <Splitter
          label={STRINGS.splitter.sidebar}
          value={panes.widths.sidebar}
          min={MIN_WIDTHS.sidebar}
          max={panes.max.sidebar}
          onChange={(width) => panes.set('sidebar', width)}
        />
        {firstRun ? (
          <div className="welcome-area">
            <Welcome onImport={importOpml} />
          </div>
        ) : (
          <>
            <ArticleList
              rows={list.rows}
              selectedId={reader.selectedId}
              feedTitle={reader.feedTitle}
              loading={list.loading}
              error={
                list.error &&
                (reader.activeQuery ? STRINGS.search.failed(list.error) : STRINGS.list.failed(list.error))
              }
              hasMore={list.hasMore}
              emptyMessage={emptyMessageOf(reader)}
              onSelect={reader.select}
              onOpen={openArticle}
              onLoadMore={list.loadMore}
              onRetry={list.retry}
              header={
                <>
                  <SearchBar
                    ref={searchInput}
                    query={reader.query}
                    filters={reader.filters}
                    feeds={library.feeds}
                    folders={library.folders}
                    onQuery={reader.setQuery}
                    onFilters={reader.setFilters}
                    onEscape={() => (reader.query ? reader.setQuery('') : searchInput.current?.blur())}
                    onToResults={() => {
                      // Into the results: the first one, unless the open article is among them.
                      const first = list.rows[0]
                      if (first && !reader.row) reader.select(first.id)
                      document.querySelector<HTMLElement>('[role="listbox"]')?.focus()
                    }}
                  />
                  <ListHeader reader={reader} />
                </>
              }
            />
            <Splitter
              label={STRINGS.splitter.list}
              value={panes.widths.list}
              min={MIN_WIDTHS.list}
              max={panes.max.list}
              onChange={(width) => panes.set('list', width)}
            />
            <Reader
              ref={readerScroll}
              article={shownArticle}
              loading={reader.opened.loading}
              error={reader.opened.error}
              feedTitle={shownArticle ? reader.feedTitle(shownArticle.feedId) : ''}
              terms={reader.terms}
              onRetry={reader.opened.retry}
            />
          </>
        )}
      </div>
      <p className="notice" role="status" aria-live="polite">
        {reader.notice}
      </p>
      <ReaderDialogs reader={reader} />
    </CommandProvider>
  )
}
