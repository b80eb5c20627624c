import { describe, expect, it } from 'vitest'
import { parseFeedDate } from '../../../../src/main/core/sync/feed-dates'

describe('parseFeedDate', () => {
  const cases: [string, string | null][] = [
    ['Tue, 10 Jun 2003 04:00:00 GMT', '2003-06-10T04:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 +0900', '2003-06-09T19:00:00.000Z'],
    ['10 Jun 2003 04:00:00 KST', '2003-06-09T19:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 EDT', '2003-06-10T08:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00', '2003-06-10T04:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00 CEST', '2003-06-10T02:00:00.000Z'],
    ['2003-06-10T04:00:00Z', '2003-06-10T04:00:00.000Z'],
    ['2003-06-10T04:00:00.123+02:00', '2003-06-10T02:00:00.123Z'],
    ['2003-06-10 04:00:00', '2003-06-10T04:00:00.000Z'],
    ['2003.06.10 04:00', '2003-06-10T04:00:00.000Z'],
    ['2003/6/1', '2003-06-01T00:00:00.000Z'],
    ['2003-06-10', '2003-06-10T00:00:00.000Z'],
    ['  Tue,  10 Jun 2003   04:00:00 GMT ', '2003-06-10T04:00:00.000Z'],
    ['yesterday', null],
    ['', null],
    ['0001-01-01T00:00:00Z', null],
  ]
  for (const [input, expected] of cases) {
    it(`reads ${JSON.stringify(input)}`, () => expect(parseFeedDate(input)).toBe(expected))
  }
})
