// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { RuleView } from '../../src/shared/contract'
import { fakeApi, feedSummary, listItem } from './fake-api'
import { withReaderPage } from './mock-api-client'
import { start } from './reader-page'

vi.mock('../../src/renderer/src/api-client', async () =>
  (await import('./mock-api-client')).mockedClientModule(),
)

withReaderPage()

const INACTIVE: RuleView = {
  id: 'old',
  query: 'storm',
  action: 'notify',
  folder: 'Weather',
  matched: 7,
  active: false,
  inactive: 'there is no folder named "Weather" any more',
}

async function openRules(rules: RuleView[] = []) {
  const started = await start(
    fakeApi({ feeds: [feedSummary('local', 'Local Paper')], articles: [listItem(0, 'local')], rules }),
  )
  await started.user.keyboard('{Control>},{/Control}')
  const dialog = await screen.findByRole('dialog', { name: 'Settings' })
  const section = within(dialog).getByRole('group', { name: 'Rules' })
  return { ...started, section }
}

describe('Settings → Rules', () => {
  it('counts the cached matches as the query is typed, shows a few, and adds the rule', async () => {
    const { fake, user, section } = await openRules([INACTIVE])
    expect(
      await within(section).findByText(/Inactive: there is no folder named “Weather” any more/),
    ).toBeTruthy()
    fake.answerRuleTest(({ query }) => ({
      count: query === 'flood' ? 2 : 0,
      exact: true,
      samples:
        query === 'flood'
          ? [
              { id: 'a1', title: 'River bursts its banks', feedId: 'local' },
              { id: 'a2', title: 'Flood defences hold', feedId: 'local' },
            ]
          : [],
    }))
    const add = within(section).getByRole('button', { name: 'Add Rule' }) as HTMLButtonElement
    expect(add.disabled).toBe(true)
    await user.type(within(section).getByLabelText('When a new article matches'), 'flood')
    expect(await within(section).findByText('2 cached articles match')).toBeTruthy()
    expect(within(section).getByText('River bursts its banks')).toBeTruthy()
    // Asked once typing rested, not once per letter.
    expect(fake.api.testRule).toHaveBeenCalledTimes(1)
    expect(fake.api.testRule).toHaveBeenCalledWith({ query: 'flood' })
    await user.selectOptions(within(section).getByLabelText('Then'), 'Hide')
    await waitFor(() => expect(add.disabled).toBe(false))
    await user.click(add)
    expect(
      await within(section).findByText('Rule added. It acts on new articles from the next sync.'),
    ).toBeTruthy()
    expect(fake.api.addRule).toHaveBeenCalledWith({ query: 'flood', action: 'hide' })
    const items = within(within(section).getByRole('list', { name: '' })).getAllByRole('listitem')
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringContaining('storm'),
      expect.stringContaining('flood'),
    ])
    // Reordered by keyboard-reachable buttons.
    await user.click(within(section).getByRole('button', { name: 'Move the rule “flood” up' }))
    await waitFor(() => expect(fake.api.moveRule).toHaveBeenCalledWith({ id: 'rule2', index: 0 }))
    await user.click(within(section).getByRole('button', { name: 'Remove the rule “storm”' }))
    expect(await within(section).findByText('Rule removed; what it did stays done.')).toBeTruthy()
    expect(fake.rules.map((rule) => rule.query)).toEqual(['flood'])
  })

  it('says what is wrong with a query as the search does, and keeps the rule from being added', async () => {
    const { fake, user, section } = await openRules()
    fake.api.testRule.mockRejectedValue(
      Object.assign(new Error('a quote is never closed'), { code: 'query-unclosed-quote', params: {} }),
    )
    await user.type(within(section).getByLabelText('When a new article matches'), '"flood')
    expect(await within(section).findByText('Keep typing: end the phrase with a closing ".')).toBeTruthy()
    expect((within(section).getByRole('button', { name: 'Add Rule' }) as HTMLButtonElement).disabled).toBe(
      true,
    )
    expect(fake.api.addRule).not.toHaveBeenCalled()
  })
})
