import type { Amendment, Provision } from '../domain/legal-document';
import { buildTree, type Marker } from './build-tree';
import { quoteDelta, skipSpace, splitLines, squash } from './lines';

/** `§ 1.`, `§ 1 a.`, `§ 26a.`, `§§ 47-50 a.`, `§§ 16 – 21 C.`, `§§ 55 og 56.`, or a bare `§ 1` line in a bill. */
export const SECTION_HEAD =
  /^(§§?)[ \t]*(\d+)(?:[ \t]*([a-zA-Z])(?![\p{L}]))?(?:[ \t]*(?:[-–]|og)[ \t]*(\d+)(?:[ \t]*([a-zA-Z])(?![\p{L}]))?)?[ \t]*(\.|$|(?=[ \t]+[\p{Lu}(]))/u;
const CHAPTER_HEAD = /^Kapitel[ \t]+(\d+[ \t]?[a-zA-Z]?)(?![\p{L}\d])\.?[ \t]*(.*)$/u;
const PART_HEAD = /^Afsnit[ \t]+([IVXLC]+|\d+)\.?[ \t]*(.*)$/;
const STK_AT_LINE = /^»?[ \t]*Stk\.[ \t]*(\d+)[ \t]*\.(?=\s|$)/;
const STK_INLINE = /(?<=[.:;«»)][ \t]{1,3})Stk\.[ \t]*(\d+)[ \t]*\.[ \t]+(?=[\p{Lu}»(§\d])/gu;
const POINT = /(?<=^|[\s:;,»])(\d{1,3})\)(?=[ \t]+\S)/gmu;
const LITRA = /(?<=^|[\s:;,»])([a-zæøå])\)(?=[ \t]+\S)/gmu;
const REFERENCE_BEFORE = /(?:nr\.|litra|pkt\.|stk\.|§|jf\.|nummer)[ \t]*$/i;

export interface DkScope {
  text: string;
  pageOf: (offset: number) => number;
  /** Prefix for ids (`p1/nr2/` inside an amendment item). */
  idPrefix: string;
  /** Turns an inner label (`§ 83 b, stk. 2`) into the label shown to users. */
  wrap: (label: string) => string;
  /** Section a bare `Stk. 3.` belongs to (quoted inserts name their target elsewhere). */
  baseLabel: string;
  amendments: Amendment[];
  /** Amending bills: the act each amending § changes, by section id. */
  onAmendingSection?: (section: Provision, introEnd: number) => Provision[];
}

function sectionId(m: RegExpExecArray): string {
  const first = `${m[2]}${(m[3] ?? '').toLowerCase()}`;
  const last = m[4] ? `-${m[4]}${(m[5] ?? '').toLowerCase()}` : '';
  return `p${first}${last}`;
}

function joinLabel(base: string, part: string): string {
  return base ? `${base}, ${part}` : part;
}

export interface LawTextResult {
  nodes: Provision[];
  /** Offset of the first structural marker, or `end` when none was found. */
  firstMarker: number;
}

/**
 * Danish law text (an act, a bill's law text, or quoted provisions inside an amendment): parts, chapters and
 * sections as a tree; subsections, points and litra inside each section. Inside amending paragraphs,
 * quoted text is skipped when looking for the bill's own sections.
 */
export function parseDanishLawText(scope: DkScope, start: number, end: number): LawTextResult {
  const { text } = scope;
  const markers: Marker[] = [];
  let depth = 0;
  let inAmending = false;
  let prev = '';
  for (const line of splitLines(text, start, end)) {
    const lead = skipSpace(text, line.start, line.end) - line.start;
    const body = line.text.slice(lead);
    const bare = /^§§?[ \t]*\d+(?:[ \t]?[a-zA-Z])?[ \t]*$/.test(body);
    // Inside a quoted insert only a bare "§ N" line (the bill's own next paragraph) can start a section.
    const quoted = inAmending && (depth > 0 || body.startsWith('»'));
    const at = line.start + lead;
    if (!quoted || bare) {
      // Before the first § the previous line is the title, which need not end with a full stop.
      const sec = bare || markers.length === 0 || !continuesSentence(prev) ? SECTION_HEAD.exec(body) : null;
      const chap = sec ? null : CHAPTER_HEAD.exec(body);
      const part = sec || chap ? null : PART_HEAD.exec(body);
      if (sec) {
        depth = 0;
        // As written, whitespace-normalised; "§1" (a PDF quirk of centred headings) gets its space back.
        const label = squash(sec[0].replace(/\.$/, ''))
          .replace(/ \.$/, '')
          .replace(/^(§§?)(?=\d)/, '$1 ');
        const id = `${scope.idPrefix}${sectionId(sec)}`;
        const innerLabel = label;
        const headEnd = at + sec[0].length;
        inAmending = /foretages\s+følgende\s+ændring|foretages\s+følgende\s+ændringer/.test(
          text.slice(headEnd, Math.min(end, headEnd + 1500)),
        );
        markers.push({
          level: 2,
          start: at,
          id,
          kind: 'section',
          label: scope.wrap(innerLabel),
          number: squash(sec[0].replace(/^§§?/, '').replace(/\.$/, '')),
          expand: (node) => expandSection(scope, node, headEnd, innerLabel),
        });
      } else if (chap) {
        const number = squash(chap[1] ?? '');
        markers.push({
          level: 1,
          start: at,
          id: `${scope.idPrefix}k${number.replace(/\s/g, '').toLowerCase()}`,
          kind: 'chapter',
          label: `Kapitel ${number}`,
          number,
          heading: squash(chap[2] ?? '') || nextHeadingLine(text, line.end, end),
        });
      } else if (part) {
        markers.push({
          level: 0,
          start: at,
          id: `${scope.idPrefix}afsnit${(part[1] ?? '').toLowerCase()}`,
          kind: 'part',
          label: `Afsnit ${part[1]}`,
          number: part[1] ?? '',
          heading: squash(part[2] ?? '') || nextHeadingLine(text, line.end, end),
        });
      }
    }
    if (inAmending) depth = Math.max(0, depth + quoteDelta(line.text));
    prev = line.text;
  }
  const nodes = buildTree(markers, end, scope.pageOf);
  return { nodes, firstMarker: markers[0]?.start ?? end };
}

/**
 * A long line that stops mid-sentence ("… jf.", "… efter") is wrapped prose: in PDF text the next line may
 * start with a § reference ("§ 5 a. …") that is not a heading. Headings follow a finished sentence, a blank
 * line or a short heading line.
 */
export function continuesSentence(previousLine: string): boolean {
  const t = previousLine.trim();
  if (t.length < 50) return false;
  return /[\p{L}\d,]$/u.test(t) || /(?:^|\s)(?:jf|bl\.a|f\.eks|m\.fl)\.$/i.test(t);
}

function nextHeadingLine(text: string, from: number, end: number): string | undefined {
  const next = splitLines(text, Math.min(from + 1, end), Math.min(end, from + 400)).find((l) =>
    l.text.trim(),
  );
  if (!next) return undefined;
  const t = squash(next.text);
  if (t.length > 150 || SECTION_HEAD.test(t) || /^Stk\./.test(t)) return undefined;
  return t;
}

function expandSection(scope: DkScope, node: Provision, headEnd: number, innerLabel: string): Provision[] {
  if (scope.onAmendingSection) {
    const intro = /foretages\s+følgende\s+ændring(?:er)?\s*:/.exec(
      scope.text.slice(headEnd, Math.min(node.end, headEnd + 1500)),
    );
    if (intro) return scope.onAmendingSection(node, headEnd + intro.index + intro[0].length);
  }
  return subsections(scope, headEnd, node.end, node.id, innerLabel);
}

interface Found {
  start: number;
  number: string;
}

/** Accept markers only as an unbroken sequence: references such as "jf. stk. 2" or "nr. 1)" never break in. */
function sequence(
  candidates: { start: number; n: number; number: string; lineStart: boolean }[],
  first: number,
  anyFirst: boolean,
): Found[] {
  const out: Found[] = [];
  let expected = first;
  for (const c of candidates) {
    if (c.n === expected || (out.length === 0 && anyFirst && c.lineStart)) {
      out.push({ start: c.start, number: c.number });
      expected = c.n + 1;
    }
  }
  return out;
}

function subsections(
  scope: DkScope,
  from: number,
  to: number,
  parentId: string,
  parentLabel: string,
): Provision[] {
  const { text } = scope;
  const candidates: { start: number; n: number; number: string; lineStart: boolean }[] = [];
  for (const line of splitLines(text, from, to)) {
    const lead = skipSpace(text, line.start, line.end);
    const m = STK_AT_LINE.exec(text.slice(lead, line.end));
    if (m) candidates.push({ start: lead, n: Number(m[1]), number: m[1] ?? '', lineStart: true });
  }
  const slice = text.slice(from, to);
  for (const m of slice.matchAll(STK_INLINE)) {
    const start = from + m.index;
    if (!candidates.some((c) => c.start === start))
      candidates.push({ start, n: Number(m[1]), number: m[1] ?? '', lineStart: false });
  }
  candidates.sort((a, b) => a.start - b.start);
  const bodyStart = skipSpace(text, from, to);
  const found = sequence(candidates, 2, bodyStart === candidates[0]?.start);
  if (found.length === 0) return points(scope, from, to, parentId, parentLabel);
  const markers: Marker[] = [];
  const firstStart = found[0]?.start ?? to;
  if (/\S/.test(text.slice(bodyStart, firstStart)) && found[0]?.number === '2') {
    found.unshift({ start: bodyStart, number: '1' });
  }
  for (const f of found) {
    const label = joinLabel(parentLabel, `stk. ${f.number}`);
    const id = `${parentId}/stk${f.number}`;
    markers.push({
      level: 0,
      start: f.start,
      id,
      kind: 'subsection',
      label: scope.wrap(label),
      number: f.number,
      expand: (node) => points(scope, f.start, node.end, id, label),
    });
  }
  return buildTree(markers, to, scope.pageOf);
}

function listMarkers(
  text: string,
  from: number,
  to: number,
  re: RegExp,
  toNumber: (s: string) => number,
): { start: number; n: number; number: string; lineStart: boolean }[] {
  const slice = text.slice(from, to);
  const out: { start: number; n: number; number: string; lineStart: boolean }[] = [];
  re.lastIndex = 0;
  for (const m of slice.matchAll(re)) {
    const before = slice.slice(Math.max(0, m.index - 12), m.index);
    if (REFERENCE_BEFORE.test(before)) continue;
    const lineStart = /(^|\n)[ \t»]*$/.test(slice.slice(Math.max(0, m.index - 4), m.index)) || m.index === 0;
    out.push({ start: from + m.index, n: toNumber(m[1] ?? ''), number: m[1] ?? '', lineStart });
  }
  return out;
}

function points(
  scope: DkScope,
  from: number,
  to: number,
  parentId: string,
  parentLabel: string,
): Provision[] {
  const { text } = scope;
  const bodyStart = skipSpace(text, from, to);
  const cands = listMarkers(text, from, to, POINT, Number);
  const found = sequence(cands, 1, cands[0]?.start === bodyStart || cands[0]?.start === bodyStart + 1);
  if (found.length < 2 && !(found.length === 1 && cands[0]?.lineStart)) return [];
  const markers: Marker[] = found.map((f) => {
    const label = joinLabel(parentLabel, `nr. ${f.number}`);
    const id = `${parentId}/nr${f.number}`;
    return {
      level: 0,
      start: f.start,
      id,
      kind: 'point' as const,
      label: scope.wrap(label),
      number: f.number,
      expand: (node: Provision) => litra(scope, f.start + f.number.length + 1, node.end, id, label),
    };
  });
  return buildTree(markers, to, scope.pageOf);
}

function litra(scope: DkScope, from: number, to: number, parentId: string, parentLabel: string): Provision[] {
  const cands = listMarkers(scope.text, from, to, LITRA, (s) => s.charCodeAt(0) - 96);
  const found = sequence(cands, 1, false);
  if (found.length < 2) return [];
  return buildTree(
    found.map((f) => ({
      level: 0,
      start: f.start,
      id: `${parentId}/lit${f.number}`,
      kind: 'litra' as const,
      label: scope.wrap(joinLabel(parentLabel, `litra ${f.number}`)),
      number: f.number,
    })),
    to,
    scope.pageOf,
  );
}

/** Parse quoted provisions (»§ 83 b. …«, »Stk. 3. …«, »4) …«) as they will read in the amended act. */
export function parseQuotedProvisions(scope: DkScope, start: number, end: number): Provision[] {
  const law = parseDanishLawText(scope, start, end);
  if (law.nodes.length > 0) return law.nodes;
  const base = scope.baseLabel;
  const baseId = `${scope.idPrefix}`.replace(/\/$/, '');
  return subsections(scope, start, end, baseId, base);
}
