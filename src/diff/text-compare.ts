/**
 * Text helpers for comparing two drafts: whitespace-blind normal form, word-set similarity, the number a node
 * is cited by, and a short excerpt around where two texts differ.
 */

/** Runs of whitespace (spaces, tabs, line breaks, no-break spaces) become one space; ends are trimmed. */
export function squashSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Lower-cased words, numbers and § signs: what the similarity of two texts is measured on. */
export function wordSet(s: string): Set<string> {
  return new Set(s.toLowerCase().match(/[\p{L}\p{N}]+|§/gu) ?? []);
}

/** Dice coefficient of two word sets, 0–1; two empty texts are the same (1). */
export function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const w of small) if (large.has(w)) common++;
  return (2 * common) / (a.size + b.size);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const LABEL_WORDS =
  '(?:§+|stk\\.|til|nr\\.|pkt\\.|bilag|kapitel|afsnit|part|chapter|clause|schedule|section)';

/**
 * The text without the number it opens with (`§ 4.`, `Stk. 2.`, `3)`, `(a)`, `Til nr. 4`, `2.1.`, `10.`), so that a
 * provision renumbered from § 4 to § 5 has the same text. Only the node's own number is removed.
 */
export function stripNumber(text: string, number: string | undefined): string {
  if (number === undefined || number === '') return text;
  const num = escapeRegExp(number).replace(/ +/g, '\\s*');
  const re = new RegExp(`^\\s*(?:${LABEL_WORDS}\\s*)*\\(?${num}\\)?(?![\\p{L}\\p{N}])\\.?`, 'iu');
  return text.replace(re, '');
}

/** A leading enumerator (`1.`, `2.3.`) of a heading that has no number of its own. */
export function stripEnumerator(text: string): string {
  return text.replace(/^\s*\d+(?:\.\d+)*\.\s+/, '');
}

const CONTEXT_WORDS = 6;

/**
 * ≤ `max` characters of each text around where they differ: the differing words with a few words of context
 * either side. Texts are compared word by word after squashing whitespace.
 */
export function excerptPair(before: string, after: string, max = 240): { before: string; after: string } {
  const a = squashSpace(before).split(' ');
  const b = squashSpace(after).split(' ');
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  const from = Math.max(0, prefix - CONTEXT_WORDS);
  const cut = (words: string[]): string => {
    const to = Math.min(words.length, words.length - suffix + CONTEXT_WORDS);
    const body = words.slice(from, to).join(' ');
    const lead = from > 0 ? '…' : '';
    const tail = to < words.length ? '…' : '';
    return body.length > max ? `${lead}${body.slice(0, max).trimEnd()}…` : `${lead}${body}${tail}`;
  };
  return { before: cut(a), after: cut(b) };
}

/** The first `max` characters of a text, whitespace squashed. */
export function opening(text: string, max = 160): string {
  const s = squashSpace(text);
  return s.length > max ? `${s.slice(0, max).trimEnd()}…` : s;
}
