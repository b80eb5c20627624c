import { useCallback, useEffect, useState, useSyncExternalStore, type CSSProperties } from 'react'
import { CommandButton } from './commands/CommandButton'
import { CommandProvider } from './commands/CommandContext'
import { createFocusTargets, FocusProvider } from './commands/focus-targets'
import { createReaderCommands } from './commands/reader-commands'
import { GearIcon, KeyboardIcon, PlusIcon, SaveIcon } from './components/Icons'
import { ListPane } from './components/ListPane'
import { Notice } from './components/Notice'
import { ReaderDialogs } from './components/ReaderDialogs'
import { ReaderPane } from './components/ReaderPane'
import { Sidebar } from './components/Sidebar'
import { SidebarOverlay } from './components/SidebarOverlay'
import { Splitter } from './components/Splitter'
import { SyncStatus } from './components/SyncStatus'
import { Welcome } from './components/Welcome'
import { sidebarPlace } from './state/layout'
import { createReader, isFirstRun } from './state/reader'
import { ReaderProvider } from './state/reader-context'
import { useStore } from './state/store'
import { MIN_WIDTHS, usePaneWidths } from './state/use-pane-widths'
import { useLocale } from './locale'
import { STRINGS } from './strings'

/** The three-pane reader, composed: state lives in the reader's stores, actions in the command registry. */
export function App() {
  // A language switch redraws the whole reader at once (memoised rows follow it themselves).
  useLocale()
  const [reader] = useState(createReader)
  useEffect(() => reader.start(), [reader])
  const [focus] = useState(createFocusTargets)
  const [registry] = useState(() => createReaderCommands(reader, focus))
  const keysEnabled = useCallback(() => reader.overlays.dialog.get() === null, [reader])
  const firstRun = useSyncExternalStore(reader.subscribe, () => isFirstRun(reader))
  const layout = useStore(reader.layout.state)
  useEffect(() => {
    const onResize = (): void => reader.layout.resized(window.innerWidth)
    window.addEventListener('resize', onResize)
    return () => window.removeEventListener('resize', onResize)
  }, [reader])
  // The first-run screen has no list to share the window with: the sidebar (its buttons) stays in view.
  const place = firstRun ? 'column' : sidebarPlace(layout)
  const panes = usePaneWidths(layout.windowWidth, place === 'column')
  const sidebarColumns = place === 'column' ? `${panes.widths.sidebar}px 0 ` : ''

  return (
    <ReaderProvider reader={reader}>
      <FocusProvider targets={focus}>
        <CommandProvider registry={registry} keysEnabled={keysEnabled}>
          <div
            className="app"
            data-sidebar={place}
            style={
              {
                gridTemplateColumns: `${sidebarColumns}${panes.widths.list}px 0 minmax(${MIN_WIDTHS.reader}px, 1fr)`,
                '--sidebar-width': `${panes.widths.sidebar}px`,
              } as CSSProperties
            }
          >
            <Sidebar
              header={<SyncStatus />}
              footer={
                <div className="sidebar-footer" role="toolbar" aria-label={STRINGS.appName}>
                  <CommandButton command="add-feed" icon={<PlusIcon />} label={STRINGS.actions.addFeed} />
                  <CommandButton command="save-page" icon={<SaveIcon />} label={STRINGS.actions.savePage} />
                  <CommandButton
                    command="open-settings"
                    icon={<GearIcon />}
                    label={STRINGS.actions.settings}
                  />
                  <CommandButton
                    command="show-shortcuts"
                    icon={<KeyboardIcon />}
                    label={STRINGS.actions.shortcuts}
                  />
                </div>
              }
            />
            <SidebarOverlay place={place} />
            {place === 'column' && (
              <Splitter
                label={STRINGS.splitter.sidebar}
                value={panes.widths.sidebar}
                min={MIN_WIDTHS.sidebar}
                max={panes.max.sidebar}
                onChange={(width) => panes.set('sidebar', width)}
              />
            )}
            {firstRun ? (
              <div className="welcome-area">
                <Welcome />
              </div>
            ) : (
              <>
                <ListPane />
                <Splitter
                  label={STRINGS.splitter.list}
                  value={panes.widths.list}
                  min={MIN_WIDTHS.list}
                  max={panes.max.list}
                  onChange={(width) => panes.set('list', width)}
                />
                <ReaderPane />
              </>
            )}
            {/* Inside the window's grid (out of its flow): placed by the sidebar's place and width. */}
            <Notice />
          </div>
          <ReaderDialogs />
        </CommandProvider>
      </FocusProvider>
    </ReaderProvider>
  )
}
