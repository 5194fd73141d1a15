import type { ActReference, Amendment, AmendmentOperation, Provision } from '../domain/legal-document';
import { buildTree, type Marker } from './build-tree';
import { parseQuotedProvisions, type DkScope } from './danish-provisions';
import { quoteDelta, skipSpace, splitLines, squash, trimEnd } from './lines';

/** A provision reference as written in an instruction: `§ 83, stk. 1, nr. 2`, `§§ 117 og 118`, `kapitel 3`, `bilag 1`. */
const REFERENCE =
  /§§?\s*\d+(?:\s?[a-zA-Z](?![\p{L}])(?!\s+(?:lov|bekendtgørelse|denne)\b))?(?:\s*(?:[-–]|og)\s*\d+(?:\s?[a-z](?![\p{L}]))?)?(?:,\s*stk\.\s*\d+(?:\s*(?:[-–]|og)\s*\d+)?)?(?:,\s*\d+\.\s*pkt\.)?(?:,\s*nr\.\s*\d+(?:\s*(?:[-–]|og)\s*\d+)?)?(?:,\s*litra\s*[a-zæøå](?![\p{L}]))?|\bkapitel\s+\d+(?:\s?[a-z](?![\p{L}]))?|\bbilag\s+\d+|\bafsnit\s+[IVXLC\d]+/iu;

export function classifyInstruction(instruction: string, quotes: number): AmendmentOperation {
  const i = instruction.toLowerCase();
  if (/\boveralt\b/.test(i)) return 'replace-everywhere';
  if (/ophæves,?\s+og\s+i\s+stedet\s+indsættes/.test(i) || /\baffattes\b/.test(i)) return 'rewrite';
  if (/\bindsættes\b/.test(i)) return 'insert';
  if (/(?<!\p{L})ændres(?!\p{L})/u.test(i) && quotes >= 2) return 'replace-text';
  if (/\budgår\b/.test(i)) return 'delete-text';
  if (/\bophæves\b/.test(i)) return 'repeal';
  if (/\bbliver\s+herefter\b/.test(i)) return 'renumber';
  return 'unclassified';
}

export function instructionTarget(instruction: string): string {
  if (/\boveralt\s+i\s+loven\b/i.test(instruction)) return 'loven';
  const m = REFERENCE.exec(instruction);
  return m ? squash(m[0]).replace(/,$/, '') : '';
}

/** Top-level »…« pairs within [from, to): the inner ranges, nesting respected; an unclosed quote runs to `to`. */
export function quotedRanges(text: string, from: number, to: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let depth = 0;
  let open = -1;
  for (let i = from; i < to; i++) {
    const ch = text[i];
    if (ch === '»') {
      if (depth === 0) open = i + 1;
      depth++;
    } else if (ch === '«' && depth > 0) {
      depth--;
      if (depth === 0) out.push({ start: open, end: i });
    }
  }
  if (depth > 0 && open >= 0) out.push({ start: open, end: to });
  return out;
}

/** "I lov om social service, jf. lovbekendtgørelse nr. 170 af …, som ændret ved …, foretages følgende ændringer:" */
export function parseAmendingIntro(intro: string): Omit<ActReference, 'start' | 'end'> {
  const s = squash(intro);
  const m =
    /^I\s+(.+?)(?:,\s*jf\.\s*(.+?))?(?:,?\s*som\s+(?:senest\s+)?ændret\s+ved\s+(.+?))?,?\s+foretages\s+følgende/s.exec(
      s,
    );
  if (!m) return { title: s.replace(/,?\s*foretages.*$/, ''), amendedBy: [] };
  const amendedBy = (m[3] ?? '')
    .split(/,\s*(?=§|lov\b|bekendtgørelse)|\s+og\s+(?=§|lov\b|bekendtgørelse)/)
    .map((x) => x.trim())
    .filter(Boolean);
  const ref: Omit<ActReference, 'start' | 'end'> = { title: (m[1] ?? '').trim(), amendedBy };
  if (m[2]) ref.citation = m[2].trim();
  return ref;
}

/**
 * The numbered items of an amending paragraph. Item numbers must run 1, 2, 3 … at quote depth zero, so
 * numbered lines inside quoted provisions never start an item. Every item is kept: an instruction that
 * cannot be classified is recorded as `unclassified`, never dropped.
 */
export function parseAmendingSection(
  scope: DkScope,
  section: Provision,
  introEnd: number,
  acts: ActReference[],
): Provision[] {
  const { text } = scope;
  const sectionHeadEnd =
    section.start +
    (/^§§?\s*\d+(?:\s?[a-z])?\s*\.?/.exec(text.slice(section.start, section.end))?.[0].length ?? 0);
  const introText = text.slice(sectionHeadEnd, introEnd);
  const act = parseAmendingIntro(introText);
  acts.push({ ...act, start: skipSpace(text, sectionHeadEnd, introEnd), end: introEnd });
  const sectionLabel = section.label;
  const starts: { start: number; n: number }[] = [];
  let depth = 0;
  let expected = 1;
  for (const line of splitLines(text, introEnd, section.end)) {
    const lead = skipSpace(text, line.start, line.end);
    const m = /^(\d{1,3})\.\s+\S/.exec(text.slice(lead, line.end));
    if (depth === 0 && m && Number(m[1]) === expected) {
      starts.push({ start: lead, n: expected });
      expected++;
    }
    depth = Math.max(0, depth + quoteDelta(line.text));
  }
  if (starts.length === 0) {
    // A single instruction without numbered items ("I § 5 ændres »a« til »b«.").
    const start = skipSpace(text, introEnd, section.end);
    if (start < section.end) starts.push({ start, n: 1 });
  }
  const markers: Marker[] = starts.map(({ start, n }) => {
    const id = `${section.id}/nr${n}`;
    const label = `${sectionLabel}, nr. ${n}`;
    return {
      level: 0,
      start,
      id,
      kind: 'amendment' as const,
      label,
      number: String(n),
      expand: (node: Provision) => amendmentItem(scope, node, act.title, n),
    };
  });
  return buildTree(markers, section.end, scope.pageOf);
}

function amendmentItem(scope: DkScope, node: Provision, targetAct: string, item: number): Provision[] {
  const { text } = scope;
  const bodyStart = node.start + (/^\d+\.\s*/.exec(text.slice(node.start, node.end))?.[0].length ?? 0);
  const end = trimEnd(text, node.start, node.end);
  const quotes = quotedRanges(text, bodyStart, end);
  const firstQuote = quotes[0];
  const instruction = squash(text.slice(bodyStart, firstQuote ? firstQuote.start - 1 : end));
  // Wording between quotes belongs to the instruction too ("ændres »a« til »b«").
  const between = quotes
    .slice(0, -1)
    .map((q, i) => text.slice(q.end + 1, (quotes[i + 1]?.start ?? q.end + 1) - 1))
    .join(' ');
  const tailStart = quotes.length > 0 ? (quotes[quotes.length - 1]?.end ?? end) + 1 : end;
  const renumbering = splitLines(text, Math.min(tailStart, end), end)
    .map((l) => squash(l.text))
    .filter((l) => /bliver\s+herefter/.test(l))
    .map((l) => l.replace(/^[«.\s]+/, ''));
  let operation = classifyInstruction(`${instruction} ${between}`, quotes.length);
  if (operation === 'unclassified' && quotes.length === 0 && renumbering.length > 0) operation = 'renumber';
  const target = instructionTarget(instruction);
  const amendment: Amendment = {
    id: node.id,
    label: node.label,
    item,
    targetAct,
    target,
    operation,
    renumbering: operation === 'renumber' && renumbering.length === 0 ? [instruction] : renumbering,
    instruction,
    start: node.start,
    end: node.end,
    page: node.page,
  };
  const quoteTexts = quotes.map((q) => text.slice(q.start, q.end).trim());
  if (operation === 'renumber') {
    const m = /^(.+?)\s+bliver\s+herefter\s+(.+?)\.?$/.exec(amendment.renumbering[0] ?? '');
    if (m) {
      amendment.oldText = m[1] ?? '';
      amendment.newText = m[2] ?? '';
    }
  }
  if (operation === 'replace-text' || operation === 'replace-everywhere') {
    if (quoteTexts[0] !== undefined) amendment.oldText = quoteTexts[0];
    if (quoteTexts[1] !== undefined) amendment.newText = quoteTexts.slice(1).join('\n');
  } else if (operation === 'delete-text') {
    if (quoteTexts[0] !== undefined) amendment.oldText = quoteTexts.join('\n');
  } else if (quoteTexts.length > 0) {
    amendment.newText = quoteTexts.join('\n');
  }
  scope.amendments.push(amendment);
  if (operation !== 'insert' && operation !== 'rewrite') return [];
  const base = /^(§§?\s*\d+(?:\s?[a-z](?![\p{L}]))?)/u.exec(target)?.[1] ?? target;
  const baseWithStk = /^§\s*\d+(?:\s?[a-z](?![\p{L}]))?(?:,\s*stk\.\s*\d+)?/u.exec(target)?.[0] ?? base;
  return quotes.flatMap((q) => {
    const quoted = text.slice(q.start, q.end);
    // A bare point (»4) …«) belongs to the target's stk.; a bare stk. to its §.
    const isPoint = /^\s*\d+\)/.test(quoted);
    return parseQuotedProvisions(
      {
        ...scope,
        idPrefix: `${node.id}/`,
        baseLabel: isPoint ? baseWithStk : base,
        wrap: (inner) => `${inner} (${node.label})`,
        onAmendingSection: undefined,
      },
      q.start,
      q.end,
    );
  });
}
