import { CommandButton } from '../commands/CommandButton'
import { STRINGS } from '../strings'

/** The first-run screen: what Broadsheet does and the two ways to start. */
export function Welcome() {
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">{STRINGS.welcome.title}</h1>
      <p>{STRINGS.welcome.body}</p>
      <div className="welcome-actions">
        <CommandButton command="add-feed" label={STRINGS.welcome.addFeed} className="button button-primary" />
        <CommandButton command="import-opml" className="button" />
      </div>
      <p className="welcome-tip">{STRINGS.welcome.keyboard}</p>
    </section>
  )
}
