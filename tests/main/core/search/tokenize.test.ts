import lunr from 'lunr'
import { describe, expect, it } from 'vitest'
import {
  analyze,
  broadsheetTerms,
  indexTerms,
  lunrTokenizer,
  foldAccents,
  stem,
  termsOf,
  tokenize,
} from '../../../../src/main/core/search/tokenize'
import { containsUnits, phraseUnits } from '../../../../src/main/core/search/text-match'
import { random } from '../../../helpers/generated-text'

const terms = (text: string): string[] => analyze(text).flatMap((token) => token.terms)

describe('tokenize and analyze', () => {
  it('stems English words with Lunr’s stemmer and drops its stop words', () => {
    expect(terms('Cooperating')).toEqual(terms('cooperation'))
    expect(terms('The cooperation of the nations')).toEqual(['cooper', 'nation'])
    expect(terms("Korea's don't")).toEqual(['korea', 'dont'])
  })

  it('keeps accented words as written and adds their folded form, stemmed like English', () => {
    expect(termsOf('café', 'word')).toEqual(['café', 'cafe'])
    expect(terms('Zürich')).toEqual(['zürich', 'zurich'])
    // The folded form meets the English word: "resume" → resum, "résumé" → résumé + resum.
    expect(terms('résumé')).toContain(terms('resume')[0])
    expect(terms('Αθήνα')).toEqual(['αθήνα', 'αθηνα'])
  })

  it('does not stem other scripts', () => {
    expect(terms('Москва новости')).toEqual(['москва', 'новости'])
    expect(terms('القاهرة')).toEqual(['القاهرة'])
  })

  it('splits Hangul into overlapping bigrams, so a noun is found with a particle attached', () => {
    expect(terms('북한의')).toEqual(['북한', '한의'])
    expect(terms('북한은')).toContain('북한')
    expect(terms('모스크바에서')).toEqual(expect.arrayContaining(terms('모스크바')))
    expect(terms('집')).toEqual(['집'])
  })

  it('splits Han and Kana runs into bigrams regardless of how a dictionary would cut them', () => {
    expect(terms('東京都に住む')).toEqual(['東京', '京都', '都に', 'に住', '住む'])
    expect(terms('北京是中国的首都')).toContain('北京')
    // Half-width katakana is normalized (NFKC) first.
    expect(terms('ｶﾀｶﾅ')).toEqual(terms('カタカナ'))
  })

  it('finds Thai words with Intl.Segmenter', () => {
    const thai = terms('ภาษาไทยง่ายนิดเดียว')
    expect(thai.length).toBeGreaterThan(2)
    expect(thai.join('')).toBe('ภาษาไทยง่ายนิดเดียว')
  })

  it('cuts a word where the script changes and handles mixed-language text', () => {
    expect(terms('iPhone을 샀다')).toEqual(['iphon', '을', '샀다'])
    expect(terms('Seoul 서울에서 café')).toEqual(['seoul', '서울', '울에', '에서', 'café', 'cafe'])
  })

  it('gives positions in the original text, also after normalization and for astral characters', () => {
    const text = 'Ｗｉｄｅ 𠮷野家で café'
    for (const token of tokenize(text)) {
      const original = text.slice(token.start, token.start + token.length)
      expect(original.normalize('NFKC').toLowerCase()).toContain(token.text.normalize('NFKC'))
    }
    expect(tokenize(text)[0]).toMatchObject({ text: 'wide', start: 0, length: 4, kind: 'ascii' })
    expect(tokenize(text).find((token) => token.text === '𠮷野')).toMatchObject({ start: 5, length: 3 })
  })
})

/** Words of every script, for generated texts. */
const WORDS = [
  'The',
  'harbour',
  'lighthouse',
  "isn't",
  "Korea's",
  'don’t',
  'running',
  'RUNS',
  'a',
  'and',
  '2026',
  'iPhone을',
  '서울시는',
  '지하철',
  '요금을',
  '東京都',
  'ひらがなカタカナ',
  'ｗｉｄｅ',
  'Zürich',
  'café',
  'résumé',
  'Ωμέγα',
  'Москва',
  'ภาษาไทยง่ายนิดเดียว',
  '𠮷野家で',
  'naïve',
  'x²',
  'ﬁle',
  '',
  '—',
  '...',
]

/** A text of up to 40 of {@link WORDS}, with gaps of several kinds. */
function randomText(next: () => number): string {
  const count = Math.floor(next() * 40)
  return Array.from({ length: count }, () => {
    const word = WORDS[Math.floor(next() * WORDS.length)] as string
    const gap = [' ', '  ', ', ', '. ', '\n', '-', '“', ''][Math.floor(next() * 8)] as string
    return word + gap
  }).join('')
}

describe('indexTerms', () => {
  /** The terms Lunr's own tokenizer slot and pipeline give with Broadsheet's function in them. */
  function lunrTerms(text: unknown): string[] {
    const pipeline = new lunr.Pipeline()
    pipeline.add(broadsheetTerms as lunr.PipelineFunction)
    return pipeline.run(lunrTokenizer(text)).map((term) => term.toString())
  }

  it('gives what Lunr’s tokenizer slot and pipeline give, in order, texts of every script', () => {
    const next = random(22)
    for (let n = 0; n < 300; n++) {
      const text = randomText(next)
      expect(indexTerms(text), text).toEqual(lunrTerms(text))
      // Again, each word's terms now found from the words seen before: the same.
      expect(indexTerms(text), text).toEqual(lunrTerms(text))
    }
  })

  it('gives nothing for no text, and reads numbers as their text', () => {
    expect(indexTerms(null)).toEqual([])
    expect(indexTerms(undefined)).toEqual([])
    expect(indexTerms('')).toEqual([])
    expect(indexTerms(2026)).toEqual(lunrTerms(2026))
    expect(indexTerms(2026)).toEqual(['2026'])
  })
})

describe('phraseUnits', () => {
  /** The units of a text analyzed whole, token by token (what each word's units, kept, must add up to). */
  function wholeTextUnits(text: string): string[] {
    const units: string[] = []
    let runEnd = -1
    for (const token of tokenize(text)) {
      if (token.kind === 'cjk') {
        const chars = [...token.text]
        units.push(...(token.start < runEnd ? chars.slice(1) : chars))
        runEnd = token.start + token.length
        continue
      }
      runEnd = -1
      const folded = foldAccents(token.text) ?? token.text
      units.push(/^[a-z0-9]+$/.test(folded) ? stem(folded) : folded)
    }
    return units
  }

  it('gives the units of the whole text, texts of every script, its words seen before or not', () => {
    const next = random(23)
    for (let n = 0; n < 300; n++) {
      const text = randomText(next)
      expect(phraseUnits(text), text).toEqual(wholeTextUnits(text))
      expect(phraseUnits(text), text).toEqual(wholeTextUnits(text))
    }
  })

  it('compares stemmed, folded words and single Hangul characters', () => {
    expect(phraseUnits("North Korean's")).toEqual(phraseUnits('north korean'))
    expect(phraseUnits('Zürich résumé')).toEqual(['zurich', 'resum'])
    expect(containsUnits(phraseUnits('북한 정부는 말했다'), phraseUnits('북한 정부'))).toBe(true)
    expect(containsUnits(phraseUnits('북한의 정부'), phraseUnits('북한 정부'))).toBe(false)
  })
})
