import type { NodeKind, Provision } from '../domain/legal-document';
import type { SourceBlock } from '../domain/source-text';
import { buildTree, type Marker } from './build-tree';
import { skipSpace, splitLines, squash, type Line } from './lines';

export function slug(s: string): string {
  return (
    squash(s)
      .toLowerCase()
      .replace(/æ/g, 'ae')
      .replace(/ø/g, 'oe')
      .replace(/å/g, 'aa')
      .normalize('NFKD')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'afsnit'
  );
}

export interface OutlineHeading {
  start: number;
  end: number;
  level: number;
  kind?: NodeKind;
}

const NUMBERED = /^(\d{1,2}(?:\.\d{1,2}){0,3})\.?[ \t]+(\p{Lu}[^\n]{1,120})$/u;

/**
 * Headings of a document that has no legal grammar: from the format's own heading styles when it has
 * them, else from the shape of the lines (numbered "2.1 Title", or a short capitalised line standing alone).
 */
export function outlineHeadings(
  text: string,
  blocks: SourceBlock[],
  from = 0,
  to = text.length,
): OutlineHeading[] {
  const styled = blocks.filter((b) => b.kind === 'heading' && b.start >= from && b.start < to);
  if (styled.length > 0) {
    return styled.map((b) => ({ start: b.start, end: b.end, level: b.kind === 'heading' ? b.level : 1 }));
  }
  const lines = splitLines(text, from, to);
  // The next non-blank line after each line, found in one backward pass (a search per line was quadratic:
  // most of parse's time on a 500-page document).
  const nextNonBlank: (Line | undefined)[] = [];
  let following: Line | undefined;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (following) nextNonBlank[i] = following;
    const line = lines[i];
    if (line?.text.trim()) following = line;
  }
  const out: OutlineHeading[] = [];
  lines.forEach((l, i) => {
    const t = squash(l.text);
    if (!t || t.length > 90) return;
    const numbered = NUMBERED.exec(t);
    const prevBlank = i === 0 || !lines[i - 1]?.text.trim();
    const next = nextNonBlank[i];
    const nextLonger = next ? squash(next.text).length > t.length : false;
    const start = skipSpace(text, l.start, l.end);
    if (numbered && !/[.,;:]$/.test(t) && !/^\d+\.\s+(at|og)\b/.test(t)) {
      out.push({ start, end: start + t.length, level: (numbered[1] ?? '').split('.').length });
    } else if (
      prevBlank &&
      nextLonger &&
      /^\p{Lu}/u.test(t) &&
      !/[.,;:]$/.test(t) &&
      t.split(' ').length <= 10
    ) {
      out.push({ start, end: start + t.length, level: 1 });
    }
  });
  return out;
}

/** Heading outline as provision nodes: each heading owns the text up to the next heading of its level or above. */
export function outlineTree(
  text: string,
  headings: OutlineHeading[],
  end: number,
  pageOf: (o: number) => number,
  idPrefix = '',
): Provision[] {
  const used = new Map<string, number>();
  const markers: Marker[] = headings.map((h) => {
    const heading = squash(text.slice(h.start, h.end));
    let id = `${idPrefix}${slug(heading)}`;
    const n = (used.get(id) ?? 0) + 1;
    used.set(id, n);
    if (n > 1) id = `${id}-${n}`;
    return { level: h.level, start: h.start, id, kind: h.kind ?? 'heading', label: heading, heading };
  });
  return buildTree(markers, end, pageOf);
}
