import type { ConsequenceSection, Provision, SummaryTableRow } from '../domain/legal-document';
import type { SourceBlock } from '../domain/source-text';
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
  const tableNode = table && findNode(remarksNode.children, table.nodeId);
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

function findNode(nodes: Provision[], id: string): Provision | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const c = findNode(n.children, id);
    if (c) return c;
  }
  return undefined;
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
      kind: 'paragraph',
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
  return markers;
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
  'Er i strid med de principper for implementering af erhvervsrettet EU-regulering',
];

/**
 * The "Sammenfattende skema": from a real table when the format kept one (DOCX, HTML, Markdown), else from
 * text lines: each standard row label, cells split on tabs where the PDF kept them.
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
      .map((r) => ({
        row: squash(r[0]?.text ?? ''),
        positive: squash(r[1]?.text ?? ''),
        negative: squash(r.length > 2 ? (r[2]?.text ?? '') : (r[1]?.text ?? '')),
        start: r[0]?.start ?? table.start,
        end: r[r.length - 1]?.end ?? table.end,
      }));
  }
  const { text } = ctx;
  const body = text.slice(start, end);
  const hits = STANDARD_ROWS.map((label) => {
    const words = label.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const m = new RegExp(words.join('\\s+'), 'i').exec(body);
    return m ? { label, at: start + m.index, after: start + m.index + m[0].length } : null;
  })
    .filter((h): h is { label: string; at: number; after: number } => h !== null)
    .sort((a, b) => a.at - b.at);
  return hits.map((h, i) => {
    const cellEnd = hits[i + 1]?.at ?? end;
    const raw = text.slice(h.after, cellEnd).replace(/^[^\S\n]*\(sæt X\)/, '');
    const cells = raw.split('\t').map(squash).filter(Boolean);
    const [positive, negative] =
      cells.length >= 2 ? [cells[0] ?? '', cells.slice(1).join(' ')] : splitIngen(squash(raw));
    return { row: h.label, positive, negative, start: h.at, end: cellEnd };
  });
}

/** Without cell borders, the most common shape is »Ingen« in one column and a sentence in the other. */
function splitIngen(s: string): [string, string] {
  const m = /^(Ingen\.?)\s+(.+)$/.exec(s) ?? /^(.+?)\s+(Ingen\.?)$/.exec(s);
  if (m) return [m[1] ?? '', m[2] ?? ''];
  return [s, s];
}
