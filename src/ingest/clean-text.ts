import type { PageSpan } from '../domain/source-text';

// Zero-width space/joiners, word joiner and BOM: invisible, but they split words for every matcher downstream.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const SPACES = /[\u00A0\u2007\u202F]/g;

/** Character-level clean-up every format gets: NFC, invisible characters and soft hyphens out, odd spaces plain. */
export function normaliseChars(s: string): string {
  return s.replace(/\r\n?/g, '\n').normalize('NFC').replace(INVISIBLE, '').replace(SPACES, ' ');
}

// Words that follow a "suspended" hyphen in Danish ("social- og boligministeren"): the hyphen is real.
const SUSPENDED = /^(og|eller|samt|til|som|and|or|to)\b/;

/**
 * Re-join words broken across line ends ("foran-\nstaltning" → "foranstaltning"). The hyphen is kept
 * when it is part of the word ("EU-\nretten") or suspended before "og"/"eller".
 */
export function rejoinHyphenated(text: string): string {
  return text.replace(
    /([\p{L}\d])-[ \t]*\n[ \t]*(\p{Ll}[\p{L}]*)/gu,
    (whole, before: string, after: string) => {
      if (SUSPENDED.test(after)) return `${before}- ${after}`;
      if (/[\p{Lu}\d]/u.test(before)) return `${before}-${after}`;
      return `${before}${after}`;
    },
  );
}

const PAGE_NUMBER =
  /^\s*(?:[-–]\s*)?(?:side|page|s\.)?\s*\d{1,4}\s*(?:(?:af|of|\/)\s*\d{1,4})?\s*(?:[-–])?\s*$/i;

function shape(line: string): string {
  return line.trim().replace(/\d+/g, '#').replace(/\s+/g, ' ');
}

/** Lines at the top or bottom of a page: where running headers, footers and page numbers live. */
function edgeLineIndexes(lines: string[], depth: number): number[] {
  const nonEmpty = lines.map((l, i) => (l.trim() ? i : -1)).filter((i) => i >= 0);
  const head = nonEmpty.slice(0, depth);
  const tail = nonEmpty.slice(Math.max(depth, nonEmpty.length - depth));
  return [...new Set([...head, ...tail])];
}

export interface CleanedPages {
  text: string;
  pages: PageSpan[];
  droppedLines: number;
}

/**
 * Clean page texts and join them. Pages stay contiguous ranges of the result, so the page of every
 * character is known. Running headers/footers are lines that recur (digits aside) at a page edge on at
 * least half of the pages; bare page numbers at an edge always go.
 */
export function cleanPages(rawPages: string[], opts: { rejoinHyphens: boolean }): CleanedPages {
  const pages = rawPages.map((p) => normaliseChars(p).split('\n'));
  const counts = new Map<string, number>();
  for (const lines of pages) {
    for (const s of new Set(edgeLineIndexes(lines, 2).map((i) => shape(lines[i] ?? '')))) {
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
  }
  const repeatedFloor = Math.max(3, Math.ceil(pages.length / 2));
  let droppedLines = 0;
  const cleaned = pages.map((lines) => {
    const drop = new Set<number>();
    for (const i of edgeLineIndexes(lines, 2)) {
      const line = lines[i] ?? '';
      const s = shape(line);
      if (
        PAGE_NUMBER.test(line) ||
        (pages.length >= 3 && (counts.get(s) ?? 0) >= repeatedFloor && s.length < 160)
      ) {
        drop.add(i);
      }
    }
    droppedLines += drop.size;
    let text = lines
      .filter((_, i) => !drop.has(i))
      .map((l) => l.replace(/[ \t]+$/, ''))
      .join('\n');
    if (opts.rejoinHyphens) text = rejoinHyphenated(text);
    return text.replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '');
  });
  // Joined once at the end: asking a growing string whether it ends with a newline flattened it on every page,
  // quadratic in the length of the document (a tenth of ingest + parse on a 140-page PDF).
  const parts: string[] = [];
  let length = 0;
  let endsWithNewline = false;
  const spans: PageSpan[] = [];
  cleaned.forEach((pageText, i) => {
    const start = length;
    parts.push(pageText);
    length += pageText.length;
    if (pageText.length > 0) endsWithNewline = pageText.endsWith('\n');
    if (i < cleaned.length - 1 && !endsWithNewline) {
      parts.push('\n');
      length += 1;
      endsWithNewline = true;
    }
    spans.push({ number: i + 1, start, end: length });
  });
  return { text: parts.join(''), pages: spans, droppedLines };
}
