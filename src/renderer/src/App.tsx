/** The reader's frame; its panes arrive with the reader UI issue. */
export function App() {
  return (
    <main
      style={{ fontFamily: 'system-ui, sans-serif', padding: '3rem', maxWidth: '40rem', margin: '0 auto' }}
    >
      <h1>Broadsheet</h1>
      <p>
        Your library is ready. Add feeds from a terminal with <code>broadsheet add URL</code> or{' '}
        <code>broadsheet import-opml FILE</code>; the three-pane reader comes next.
      </p>
    </main>
  )
}
