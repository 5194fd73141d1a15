import * as snowball from 'snowball-stemmers';

export type Stem = (word: string) => string;

const stemmers = new Map<string, Stem>();

/** Snowball stemmer for Danish or English, memoised: legal text repeats its words a great deal. */
export function stemmerFor(language: 'da' | 'en'): Stem {
  const existing = stemmers.get(language);
  if (existing) return existing;
  const s = snowball.newStemmer(language === 'da' ? 'danish' : 'english');
  const memo = new Map<string, string>();
  const stem: Stem = (word) => {
    let r = memo.get(word);
    if (r === undefined) {
      r = s.stem(word);
      memo.set(word, r);
    }
    return r;
  };
  stemmers.set(language, stem);
  return stem;
}
