export interface Token {
  start: number;
  end: number;
  /** Lower-cased word. */
  word: string;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;

/** Letter or digit in any script; ASCII without a regex. */
export function isWordChar(code: number, text: string, i: number): boolean {
  if (code < 128)
    return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  // Latin-1 letters (æ, ø, å, é, ü …): every code from À to ÿ except × and ÷.
  if (code >= 192 && code <= 255) return code !== 215 && code !== 247;
  if (code < 192) return code === 170 || code === 181 || code === 186;
  return LETTER_OR_DIGIT.test(text[i] ?? '');
}

/**
 * Calls `onWord(start, end)` for every run of letters and digits in any script (æ, ø, å, é, ü stay inside
 * words). A hand-written scan: a regex iterator allocates a match array per word, and the corpus has a million.
 */
export function scanWords(
  text: string,
  from: number,
  to: number,
  onWord: (start: number, end: number) => void,
): void {
  let start = -1;
  for (let i = from; i < to; i++) {
    const inWord = isWordChar(text.charCodeAt(i), text, i);
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      onWord(start, i);
      start = -1;
    }
  }
  if (start >= 0) onWord(start, to);
}

/** Unicode word tokenizer; the one tokenizer every matcher uses. */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  scanWords(text, from, to, (start, end) =>
    out.push({ start, end, word: text.slice(start, end).toLowerCase() }),
  );
  return out;
}

/** The same tokenizer as a function of a string, for APIs that take one. */
export function words(text: string): string[] {
  return tokenize(text).map((t) => t.word);
}
