// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CommandProvider } from '../../../src/renderer/src/commands/CommandContext'
import { CommandMenu } from '../../../src/renderer/src/commands/CommandMenu'
import { createCommandRegistry } from '../../../src/renderer/src/commands/registry'
import { fakeApi, feedSummary } from '../fake-api'
import { current } from '../mock-api-client'

vi.mock('../../../src/renderer/src/api-client', async () =>
  (await import('../mock-api-client')).mockedClientModule(),
)

// The provider listens for the application menu's commands.
beforeEach(() => {
  current.fake = fakeApi()
})
afterEach(() => {
  cleanup()
  current.fake = null
})

describe('a row’s menu', () => {
  it('shows the registered commands under their registered names and runs them on its row', async () => {
    const registry = createCommandRegistry()
    const renamed = vi.fn()
    registry.register({ id: 'feed-rename', label: 'Rename this feed', run: renamed })
    const feed = feedSummary('gazette', 'The Gazette')
    render(
      <CommandProvider registry={registry}>
        <CommandMenu
          label="Options"
          entries={[{ command: 'feed-rename' }, { command: 'feed-remove', danger: true }]}
          target={feed}
        />
      </CommandProvider>,
    )
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Options' }))
    // feed-remove is not registered here, so it is not offered.
    expect(screen.getAllByRole('menuitem').map((item) => item.textContent)).toEqual(['Rename this feed'])
    await user.click(screen.getByRole('menuitem', { name: 'Rename this feed' }))
    expect(renamed).toHaveBeenCalledWith(feed)
  })

  it('does nothing when its command is disabled', async () => {
    const registry = createCommandRegistry()
    const renamed = vi.fn()
    registry.register({ id: 'feed-rename', label: 'Rename', run: renamed, enabled: () => false })
    render(
      <CommandProvider registry={registry}>
        <CommandMenu label="Options" entries={[{ command: 'feed-rename' }]} target={feedSummary('a', 'A')} />
      </CommandProvider>,
    )
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Options' }))
    await user.click(screen.getByRole('menuitem', { name: 'Rename' }))
    expect(renamed).not.toHaveBeenCalled()
  })
})
