export interface Token {
  start: number;
  end: number;
  /** Lower-cased word. */
  word: string;
}

// Letters and digits in any script: æ, ø, å (and é, ü …) stay inside words.
const WORD = /[\p{L}\p{N}]+/gu;

/** Unicode word tokenizer; the one tokenizer every matcher and the TF-IDF ranking use. */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  for (const m of slice.matchAll(WORD)) {
    out.push({ start: from + m.index, end: from + m.index + m[0].length, word: m[0].toLowerCase() });
  }
  return out;
}

/** The same tokenizer as a function of a string, for natural's APIs that take one. */
export function words(text: string): string[] {
  return tokenize(text).map((t) => t.word);
}
