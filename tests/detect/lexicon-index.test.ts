import { LexiconIndex } from '../../src/detect/lexicon-index';
import { stemmerFor } from '../../src/detect/stemmer';
import { tokenize } from '../../src/detect/tokenize';

const src = { ref: 'test' };
const index = new LexiconIndex(
  [
    {
      id: 'l',
      entries: [
        { term: 'plejehjem', compound: 'both', exclude: [], weight: 1, source: src },
        { term: 'samvær', compound: 'both', exclude: [], weight: 1, source: src },
        { term: 'familie', compound: 'both', exclude: [], weight: 1, source: src },
        { term: 'ældre', compound: 'both', exclude: ['forældre', 'forældre*'], weight: 1, source: src },
        { term: 'hjem', compound: 'both', exclude: ['hjemmel*'], weight: 1, source: src },
        { term: 'besøg', compound: 'none', exclude: [], weight: 1, source: src },
        { term: 'digital selvbetjening', compound: 'both', exclude: [], weight: 1, source: src },
      ],
    },
  ],
  stemmerFor('da'),
);
const how = (word: string): string[] => index.matchWord(word).map((h) => `${h.entry.term}:${h.how}`);

describe('Danish compound-aware matching', () => {
  it.each([
    ['plejehjem', ['plejehjem:stem', 'hjem:head']],
    ['plejehjemmet', ['plejehjem:stem', 'hjem:head']],
    ['plejehjemsbeboere', ['plejehjem:modifier']],
    ['samværsret', ['samvær:modifier']],
    ['samværet', ['samvær:stem']],
    ['børnefamilier', ['familie:head']],
    ['familiesammenføring', ['familie:modifier']],
    ['ældre', ['ældre:stem']],
    ['forældre', []],
    ['forældremyndighed', []],
    ['hjemmel', []],
    ['hjemmelsgrundlag', []],
    ['besøgsordning', []],
    ['besøg', ['besøg:stem']],
    ['lovgivning', []],
  ])('%s → %j', (word, expected) => {
    expect(how(word)).toEqual(expected);
  });

  it('keeps æ, ø and å inside words', () => {
    expect(tokenize('Forældremyndighed, samvær og børn – § 2').map((t) => t.word)).toEqual([
      'forældremyndighed',
      'samvær',
      'og',
      'børn',
      '2',
    ]);
  });

  it('matches phrases on stems in sequence', () => {
    const words = tokenize('krav om digital selvbetjening for alle').map((t) => ({
      word: t.word,
      stem: stemmerFor('da')(t.word),
    }));
    expect(index.matchPhrases(words, 2).map((p) => p.entry.term)).toEqual(['digital selvbetjening']);
    expect(index.matchPhrases(words, 3)).toEqual([]);
  });
});
