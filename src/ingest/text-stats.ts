/**
 * Letter and whitespace counts of a text in one pass over its code units, for the checks every PDF goes
 * through (text layer, prose): the regular expressions they replace copied the whole text twice and matched
 * every space. Counts are in code units, as the `.length` of the regex results were.
 */
export interface TextStats {
  /** Code units that are not whitespace (`/\s/`). */
  visible: number;
  /** Code units of letters (`/\p{L}/u`). */
  letters: number;
  /** U+FFFD replacement characters. */
  replacement: number;
  /** Runs of whitespace (matches of `/\s+/g`). */
  gaps: number;
}

/** The same counts by regular expressions: the reference, and the path for texts with surrogates. */
export function textStatsByRegex(text: string): TextStats {
  const visible = text.replace(/\s/g, '');
  let gaps = 0;
  for (const m = /\s+/g; m.exec(text);) gaps++;
  return {
    visible: visible.length,
    letters: visible.replace(/[^\p{L}]/gu, '').length,
    replacement: (visible.match(/\uFFFD/g) ?? []).length,
    gaps,
  };
}

const LETTER = /\p{L}/u;
const SPACE = /\s/;
/** Per BMP code unit above Latin-1: 0 not known yet, else 1 + (letter ? 1 : 0) + (space ? 2 : 0). */
const wide = new Uint8Array(0x10000);

function wideClass(code: number): number {
  let c = wide[code] ?? 0;
  if (c === 0) {
    const ch = String.fromCharCode(code);
    c = 1 + (LETTER.test(ch) ? 1 : 0) + (SPACE.test(ch) ? 2 : 0);
    wide[code] = c;
  }
  return c - 1;
}

/**
 * Stats of the text, or null when it has a surrogate (a character outside the BMP, or half of one): the
 * regular expressions read those as code points, and whitespace taken out may even join two halves, so the
 * caller keeps its exact regex path for such rare texts.
 */
export function textStats(text: string): TextStats | null {
  let visible = 0;
  let letters = 0;
  let replacement = 0;
  let gaps = 0;
  let inGap = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      // Tab, line feed, vertical tab, form feed, carriage return, space.
      if ((code >= 9 && code <= 13) || code === 32) {
        if (!inGap) gaps++;
        inGap = true;
        continue;
      }
      inGap = false;
      visible++;
      if ((code | 32) >= 97 && (code | 32) <= 122) letters++;
      continue;
    }
    if (code < 256) {
      if (code === 160) {
        if (!inGap) gaps++;
        inGap = true;
        continue;
      }
      inGap = false;
      visible++;
      // Latin-1 letters: ª µ º and À–ÿ except × and ÷.
      if (code === 170 || code === 181 || code === 186 || (code >= 192 && code !== 215 && code !== 247))
        letters++;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) return null;
    const c = wideClass(code);
    if (c & 2) {
      if (!inGap) gaps++;
      inGap = true;
      continue;
    }
    inGap = false;
    visible++;
    if (c & 1) letters++;
    if (code === 0xfffd) replacement++;
  }
  return { visible, letters, replacement, gaps };
}
