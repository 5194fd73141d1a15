export interface Line {
  /** Offset of the first character in the document text. */
  start: number;
  /** Offset just past the last character (the newline is not part of the line). */
  end: number;
  text: string;
}

export function splitLines(text: string, from = 0, to = text.length): Line[] {
  const lines: Line[] = [];
  let start = from;
  while (start <= to) {
    let end = text.indexOf('\n', start);
    if (end < 0 || end > to) end = to;
    lines.push({ start, end, text: text.slice(start, end) });
    if (end >= to) break;
    start = end + 1;
  }
  return lines;
}

/** Whether a code unit is `/\s/` other than the plain space. */
function otherSpace(c: number): boolean {
  if (c < 128) return c >= 9 && c <= 13;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Whitespace-normalised slice, for labels and quotes. */
export function squash(s: string): string {
  // Most strings are squashed already (single spaces, none at the ends): one pass tells, without the copies
  // of replace and trim, which parse calls for every line.
  let afterSpace = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (afterSpace) return s.replace(/\s+/g, ' ').trim();
      afterSpace = true;
    } else if (otherSpace(c)) return s.replace(/\s+/g, ' ').trim();
    else afterSpace = false;
  }
  return afterSpace && s.length > 0 ? s.replace(/\s+/g, ' ').trim() : s;
}

/** Offset of the first non-space character at or after `from` (bounded by `to`). */
export function skipSpace(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && /\s/.test(text[i] ?? '')) i++;
  return i;
}

/** Offset just past the last non-space character before `to` (bounded below by `from`). */
export function trimEnd(text: string, from: number, to: number): number {
  let i = to;
  while (i > from && /\s/.test(text[i - 1] ?? '')) i--;
  return i;
}

/** Change in »…« nesting over a line; Danish legal text quotes inserted wording with guillemets. */
export function quoteDelta(s: string): number {
  let d = 0;
  for (const ch of s) {
    if (ch === '»') d++;
    else if (ch === '«') d--;
  }
  return d;
}

export function pageAt(pages: { number: number; start: number; end: number }[], offset: number): number {
  let lo = 0;
  let hi = pages.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = pages[mid];
    if (!p) break;
    if (offset < p.start) hi = mid - 1;
    else if (offset >= p.end && mid < pages.length - 1) lo = mid + 1;
    else return p.number;
  }
  return pages[0]?.number ?? 1;
}
