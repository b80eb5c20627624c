import { api } from '../api-client'
import { activeQuery } from '../state/navigation'
import type { Reader } from '../state/reader'
import { queryOfSearch } from '../state/saved-search'
import { STRINGS } from '../strings'
import type { CommandRegistry } from './registry'
import type { SmartFeedView } from '../../../shared/contract'

/** The smart feeds' commands: save the search, and each smart feed's menu in the sidebar. */
export function registerSmartFeedCommands(registry: CommandRegistry, reader: Reader): void {
  const { smart, navigation, library, overlays } = reader
  const feeds = () => smart.state.get().feeds
  const indexOf = (feed: SmartFeedView): number => feeds().findIndex((f) => f.id === feed.id)
  const changed = (work: Promise<unknown>): void => {
    work.then(() => smart.reload(), overlays.fail)
  }

  registry.register({
    id: 'save-search',
    label: STRINGS.smartFeeds.saveSearch,
    run: () => {
      const nav = navigation.state.get()
      const { feeds: all, folders } = library.state.get()
      overlays.open({
        kind: 'save-search',
        query: queryOfSearch(activeQuery(nav), nav.filters, all, folders),
      })
    },
    enabled: () =>
      activeQuery(navigation.state.get()) !== '' && reader.list.state.get().queryProblem === null,
  })
  registry.register({
    id: 'smart-rename',
    label: STRINGS.smartFeeds.rename,
    run: (feed) => overlays.open({ kind: 'rename-smart', feed }),
  })
  registry.register({
    id: 'smart-edit',
    label: STRINGS.smartFeeds.edit,
    run: (feed) => overlays.open({ kind: 'edit-smart', feed }),
  })
  const sortBy = (sort: SmartFeedView['sort']) => (feed: SmartFeedView) => {
    changed(
      api.updateSmartFeed({ id: feed.id, sort }).then(() => {
        // Its list is drawn again in the new order.
        const { selection } = navigation.state.get()
        if (selection.kind === 'smart' && selection.smartId === feed.id) reader.sync.changed()
      }),
    )
  }
  registry.register({
    id: 'smart-sort-newest',
    label: STRINGS.smartFeeds.sortNewest,
    run: sortBy('newest'),
    enabled: (feed) => feed.sort !== 'newest',
  })
  registry.register({
    id: 'smart-sort-best',
    label: STRINGS.smartFeeds.sortBest,
    run: sortBy('best'),
    enabled: (feed) => feed.sort !== 'best',
  })
  registry.register({
    id: 'smart-move-up',
    label: STRINGS.smartFeeds.moveUp,
    run: (feed) => changed(api.moveSmartFeed({ id: feed.id, index: indexOf(feed) - 1 })),
    enabled: (feed) => indexOf(feed) > 0,
  })
  registry.register({
    id: 'smart-move-down',
    label: STRINGS.smartFeeds.moveDown,
    run: (feed) => changed(api.moveSmartFeed({ id: feed.id, index: indexOf(feed) + 1 })),
    enabled: (feed) => indexOf(feed) !== -1 && indexOf(feed) < feeds().length - 1,
  })
  registry.register({
    id: 'smart-remove',
    label: STRINGS.smartFeeds.remove,
    run: (feed) => overlays.open({ kind: 'remove-smart', feed }),
  })
}
