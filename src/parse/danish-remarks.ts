import type { ConsequenceSection, Provision, SummaryTableRow } from '../domain/legal-document';
import type { SourceBlock } from '../domain/source-text';
import { findById } from '../domain/provision-tree';
import { buildTree, type Marker } from './build-tree';
import { skipSpace, splitLines, squash } from './lines';

const NUMBERED_HEADING = /^(\d{1,2}(?:\.\d{1,2}){0,4})\.?[ \t]+(\p{Lu}.*)$/u;
const SPECIAL_START =
  /^(Specielle bemærkninger|Bemærkninger til lovforslagets enkelte bestemmelser|Bemærkninger til de enkelte bestemmelser)\b/i;
const GENERAL_START = /^Almindelige bemærkninger\b/i;
const TIL_SECTION =
  /^Til[ \t]+(§§?)[ \t]*(\d+(?:[ \t]?[a-z](?![\p{L}]))?)(?:[ \t]*(?:[-–]|og)[ \t]*\d+(?:[ \t]?[a-z])?)*[ \t]*\.?$/u;
const TIL_ITEM = /^Til[ \t]+nr\.[ \t]*(\d+)(?:[ \t]*(?:[-–]|og)[ \t]*\d+)*[ \t]*\.?$/;
export const ANNEX_HEAD = /^Bilag[ \t]+(\d+)[ \t]*\.?$/;

const TOPICS: [RegExp, ConsequenceSection['topic']][] = [
  [/konsekvenser ud over de obligatoriske/i, 'other-consequences'],
  [/økonomiske konsekvenser.*(offentlige|stat|kommuner)|implementeringskonsekvenser/i, 'economic-public'],
  [/konsekvenser for erhvervslivet/i, 'economic-business'],
  [/administrative konsekvenser for borger/i, 'administrative-citizens'],
  [/klimamæssige/i, 'climate'],
  [/miljø(?:-|mæssige)|naturmæssige/i, 'environment'],
  [/ligestilling/i, 'equality'],
  [/forholdet til EU-retten|EU-retlige/i, 'eu-law'],
  [/hørte myndigheder/i, 'consulted'],
  [/sammenfattende skema/i, 'summary-table'],
];

export function consequenceTopic(heading: string): ConsequenceSection['topic'] | undefined {
  return TOPICS.find(([re]) => re.test(heading))?.[1];
}

function parts(n: string): number[] {
  return n.split('.').map(Number);
}

/** Remark headings must follow on from the previous one (2.1.2 → 2.1.3, 2.1.2.1, 2.2 or 3). */
function follows(prev: number[] | null, next: number[]): boolean {
  if (!prev) return next.length === 1 && next[0] === 1;
  if (next.length === prev.length + 1)
    return prev.every((p, i) => p === next[i]) && next[next.length - 1] === 1;
  if (next.length > prev.length) return false;
  for (let i = 0; i < next.length - 1; i++) if (next[i] !== prev[i]) return false;
  return next[next.length - 1] === (prev[next.length - 1] ?? 0) + 1;
}

export interface RemarksResult {
  node: Provision;
  consequenceSections: ConsequenceSection[];
  summaryTable?: SummaryTableRow[];
}

interface Ctx {
  text: string;
  pageOf: (o: number) => number;
  blocks: SourceBlock[];
}

/** "Bemærkninger til lovforslaget": general remarks with numbered headings, special remarks per provision. */
export function parseRemarks(ctx: Ctx, start: number, end: number): RemarksResult {
  const { text } = ctx;
  const lines = splitLines(text, start, end);
  const lineAt = (l: { start: number; end: number }): string => squash(text.slice(l.start, l.end));
  const general = lines.find((l) => GENERAL_START.test(lineAt(l)));
  const special = lines.find((l) => l.start > (general?.start ?? start) && SPECIAL_START.test(lineAt(l)));
  const markers: Marker[] = [];
  const consequenceSections: ConsequenceSection[] = [];
  const generalStart = general ? skipSpace(text, general.start, general.end) : skipSpace(text, start, end);
  const generalEnd = special ? special.start : end;
  if (general || !special) {
    markers.push({
      level: 0,
      start: generalStart,
      id: 'bem/alm',
      kind: 'remarks-general',
      label: 'Almindelige bemærkninger',
    });
  }
  markers.push(...generalHeadings(ctx, generalStart, generalEnd, consequenceSections));
  if (special) {
    markers.push({
      level: 0,
      start: skipSpace(text, special.start, special.end),
      id: 'bem/spec',
      kind: 'remarks-special',
      label: 'Specielle bemærkninger',
    });
    markers.push(...specialHeadings(ctx, special.end, end));
  }
  const remarksNode: Provision = {
    id: 'bem',
    kind: 'remarks',
    label: 'Bemærkninger til lovforslaget',
    start,
    end,
    page: ctx.pageOf(start),
    children: buildTree(markers, end, ctx.pageOf),
  };
  const result: RemarksResult = { node: remarksNode, consequenceSections };
  const table = consequenceSections.find((c) => c.topic === 'summary-table');
  const tableNode = table && findById(remarksNode.children, table.nodeId);
  const skemaLine = tableNode
    ? null
    : lines.find((l) => /^(\d+(\.\d+)*\.?\s+)?Sammenfattende skema\s*$/i.test(lineAt(l)));
  const range = tableNode
    ? { start: tableNode.start, end: tableNode.end }
    : skemaLine
      ? { start: skemaLine.start, end: generalEnd }
      : null;
  if (range) {
    const rows = summaryTable(ctx, range.start, range.end);
    if (rows.length > 0) result.summaryTable = rows;
  }
  return result;
}

function generalHeadings(ctx: Ctx, start: number, end: number, out: ConsequenceSection[]): Marker[] {
  const { text } = ctx;
  const lines = splitLines(text, start, end).filter((l) => l.text.trim());
  const candidates = lines
    .map((l) => ({ line: l, text: squash(l.text), m: NUMBERED_HEADING.exec(squash(l.text)) }))
    .filter((c) => c.m && c.text.length <= 180 && !/[,;]$/.test(c.text));
  // A table of contents repeats the headings: the body starts where the first heading appears again.
  let from = 0;
  const first = candidates[0];
  if (first) {
    const again = candidates.findIndex((c, i) => i > 0 && c.text === first.text);
    if (again > 0) from = again;
  }
  const markers: Marker[] = [];
  const toc = candidates[0];
  if (from > 0 && toc) {
    const tocLine = lines.find(
      (l) => /^Indholdsfortegnelse\s*$/i.test(l.text.trim()) && l.start < toc.line.start,
    );
    markers.push({
      level: 1,
      start: skipSpace(text, (tocLine ?? toc.line).start, end),
      id: 'bem/alm/indhold',
      kind: 'contents',
      label: 'Indholdsfortegnelse',
    });
  }
  let prev: number[] | null = null;
  for (const c of candidates.slice(from)) {
    const number = c.m?.[1] ?? '';
    const p = parts(number);
    if (!follows(prev, p)) continue;
    prev = p;
    const heading = squash(c.m?.[2] ?? '');
    const id = `bem/alm/${number}`;
    markers.push({
      level: p.length,
      start: skipSpace(text, c.line.start, c.line.end),
      id,
      kind: 'remark',
      label: `Almindelige bemærkninger, pkt. ${number}`,
      number,
      heading,
    });
    const topic = consequenceTopic(heading);
    if (topic && p.length === 1) out.push({ topic, nodeId: id, heading });
  }
  if (prev === null) markers.push(...styledHeadings(ctx, start, end, out));
  return markers;
}

/**
 * Word's automatic heading numbering is not in the text: then the heading styles give the outline, and the
 * numbers (1., 2.1. …) are counted as Word would show them.
 */
function styledHeadings(ctx: Ctx, start: number, end: number, out: ConsequenceSection[]): Marker[] {
  const blocks = ctx.blocks.filter((b) => b.kind === 'heading' && b.start > start && b.start < end);
  if (blocks.length === 0) return [];
  const top = Math.min(...blocks.map((b) => (b.kind === 'heading' ? b.level : 9)));
  const counters: number[] = [];
  return blocks.map((b) => {
    const depth = (b.kind === 'heading' ? b.level : top) - top + 1;
    counters.length = depth;
    counters[depth - 1] = (counters[depth - 1] ?? 0) + 1;
    for (let i = 0; i < depth - 1; i++) counters[i] = counters[i] ?? 1;
    const number = counters.join('.');
    const heading = squash(ctx.text.slice(b.start, b.end));
    const id = `bem/alm/${number}`;
    const topic = consequenceTopic(heading);
    if (topic && depth === 1) out.push({ topic, nodeId: id, heading });
    return {
      level: depth,
      start: b.start,
      id,
      kind: 'remark' as const,
      label: `Almindelige bemærkninger, pkt. ${number}`,
      number,
      heading,
    };
  });
}

function specialHeadings(ctx: Ctx, start: number, end: number): Marker[] {
  const { text } = ctx;
  const markers: Marker[] = [];
  let section = '';
  for (const l of splitLines(text, start, end)) {
    const t = squash(l.text);
    const s = TIL_SECTION.exec(t);
    const n = s ? null : TIL_ITEM.exec(t);
    const at = skipSpace(text, l.start, l.end);
    if (s) {
      section = (s[2] ?? '').replace(/\s/g, '').toLowerCase();
      markers.push({
        level: 1,
        start: at,
        id: `bem/spec/p${section}`,
        kind: 'remark',
        label: `Bemærkninger til § ${(s[2] ?? '').trim()}`,
        number: s[2] ?? '',
        refersTo: `p${section}`,
        heading: t,
      });
    } else if (n && section) {
      markers.push({
        level: 2,
        start: at,
        id: `bem/spec/p${section}/nr${n[1]}`,
        kind: 'remark',
        label: `Bemærkninger til § ${section.replace(/(\d)([a-z])$/, '$1 $2')}, nr. ${n[1]}`,
        number: n[1] ?? '',
        refersTo: `p${section}/nr${n[1]}`,
        heading: t,
      });
    }
  }
  return markers;
}

const STANDARD_ROWS = [
  'Økonomiske konsekvenser for stat, kommuner og regioner',
  'Implementeringskonsekvenser for stat, kommuner og regioner',
  'Økonomiske konsekvenser for erhvervslivet',
  'Administrative konsekvenser for erhvervslivet',
  'Administrative konsekvenser for borgerne',
  'Klimamæssige konsekvenser',
  'Miljø- og naturmæssige konsekvenser',
  'Forholdet til EU-retten',
  'Er i strid med de fem principper for implementering af erhvervsrettet EU-regulering/Går videre end minimumskrav i EU-regulering (sæt X)',
];

const COLUMN_HEADS = [
  /Positive\s+konsekvenser\s*\/\s*mindreudgifter\s*\(hvis\s+ja,\s+angiv\s+omfang\s*\/\s*Hvis\s+nej,\s+anfør\s+»Ingen«\)/gi,
  /Negative\s+konsekvenser\s*\/\s*merudgifter\s*\(hvis\s+ja,\s+angiv\s+omfang\s*\/\s*Hvis\s+nej,\s+anfør\s+»Ingen«\)/gi,
];

// Label words and column headings are overwritten with this mark, so lines left with nothing else vanish.
const GONE = '\uE000';

function blank(s: string): string {
  return s.replace(/\S/g, GONE);
}

/**
 * Find a row label whose words may be interleaved with cell text (a PDF prints a wrapped label and its
 * neighbouring cell line by line). Returns the label's word ranges, or null.
 */
function interleavedLabel(
  text: string,
  label: string,
  from: number,
  to: number,
): { start: number; words: [number, number][] } | null {
  const words = label
    .split(/\s+|(?<=\/)/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const tokens = [...text.slice(from, to).matchAll(/\S+/g)].map((m) => ({
    start: from + m.index,
    end: from + m.index + m[0].length,
    w: m[0].toLowerCase(),
    lineStart:
      from + m.index === 0 || /\n[ \t]*$/.test(text.slice(Math.max(0, from + m.index - 20), from + m.index)),
  }));
  const splitTokens = tokens.flatMap((t) => {
    // "EU-regulering/Går" is one token in the text but two words of the label.
    const parts = t.w.split(/(?<=\/)/);
    let at = t.start;
    return parts.map((p) => {
      const token = { start: at, end: at + p.length, w: p, lineStart: t.lineStart && at === t.start };
      at += p.length;
      return token;
    });
  });
  for (let i = 0; i < splitTokens.length; i++) {
    // A row label starts a line (cells print to its right) and is capitalised, unlike cell text.
    const first = splitTokens[i];
    if (
      !first ||
      first.w !== words[0] ||
      !first.lineStart ||
      !/^\p{Lu}/u.test(text.slice(first.start, first.end))
    )
      continue;
    const found: [number, number][] = [[splitTokens[i]?.start ?? 0, splitTokens[i]?.end ?? 0]];
    let j = i + 1;
    for (const w of words.slice(1)) {
      const limit = Math.min(splitTokens.length, j + 25);
      let k = j;
      while (k < limit && splitTokens[k]?.w !== w) k++;
      if (k >= limit) break;
      found.push([splitTokens[k]?.start ?? 0, splitTokens[k]?.end ?? 0]);
      j = k + 1;
    }
    if (found.length === words.length) return { start: found[0]?.[0] ?? 0, words: found };
  }
  return null;
}

/**
 * The "Sammenfattende skema": from a real table when the format kept one (DOCX, HTML, Markdown). From PDF
 * text, each standard row label is found (its words may be interleaved with cell text), the label and the
 * repeated column headings are blanked out, and the rest of the row splits into cells at blank lines.
 */
export function summaryTable(ctx: Ctx, start: number, end: number): SummaryTableRow[] {
  const table = ctx.blocks.find(
    (b): b is Extract<SourceBlock, { kind: 'table' }> =>
      b.kind === 'table' && b.start >= start && b.start < end,
  );
  if (table) {
    return table.rows
      .filter(
        (r) =>
          r.length >= 2 && !/^Positive konsekvenser/i.test(r[1]?.text ?? '') && (r[0]?.text ?? '').length > 0,
      )
      .map((r) => {
        const row: SummaryTableRow = {
          row: squash(r[0]?.text ?? ''),
          positive: squash(r[1]?.text ?? ''),
          negative: squash(r[2]?.text ?? ''),
          start: r[0]?.start ?? table.start,
          end: r[r.length - 1]?.end ?? table.end,
        };
        // One cell across both columns (as the EU-law row usually is): the text answers for both.
        if (r.length === 2) row.merged = true;
        return row;
      });
  }
  let text = ctx.text.slice(0, end);
  for (const re of COLUMN_HEADS) text = text.replace(re, blank);
  const hits: { label: string; start: number }[] = [];
  let from = start;
  for (const label of STANDARD_ROWS) {
    const hit = interleavedLabel(text, label, from, end);
    if (!hit) continue;
    for (const [a, b] of hit.words) text = text.slice(0, a) + blank(text.slice(a, b)) + text.slice(b);
    hits.push({ label, start: hit.start });
    from = hit.words[hit.words.length - 1]?.[1] ?? hit.start;
  }
  return hits.map((h, i) => {
    const rowEnd = hits[i + 1]?.start ?? end;
    const chunks = text
      .slice(h.start, rowEnd)
      .replace(/^[ \t\uE000]*\uE000[ \t\uE000]*(\n|$)/gm, '')
      .replaceAll(GONE, ' ')
      .split(/\n[ \t]*\n|\t/)
      .map(squash)
      .filter(Boolean);
    const row: SummaryTableRow = { row: h.label, positive: '', negative: '', start: h.start, end: rowEnd };
    if (chunks.length >= 2) {
      row.positive = chunks[0] ?? '';
      row.negative = chunks.slice(1).join(' ');
      if (chunks.length > 2 && !/^(Ingen\.?|Ja)$/.test(row.positive)) row.uncertain = true;
    } else {
      const split = splitCells(chunks[0] ?? '');
      if (split) {
        [row.positive, row.negative] = split;
      } else {
        row.positive = chunks[0] ?? '';
        // The EU-law row is one cell across both columns; elsewhere one undivided text is a guess.
        if (/^Forholdet til EU-retten/.test(h.label)) row.merged = true;
        else row.uncertain = true;
      }
    }
    return row;
  });
}

/** Without cell borders, the common shapes are »Ingen« in one column and a sentence in the other, or Ja | Nej X. */
function splitCells(s: string): [string, string] | null {
  const m =
    /^(Ingen\.?)\s+(.+)$/.exec(s) ??
    /^(.+?)\s+(Ingen\.?)$/.exec(s) ??
    /^(Ja(?:\s+X)?)\s+(Nej(?:\s+X)?)$/i.exec(s);
  return m ? [m[1] ?? '', m[2] ?? ''] : null;
}
