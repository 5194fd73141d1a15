import type {
  ActReference,
  Amendment,
  ConsequenceSection,
  DocumentKind,
  DocumentMetadata,
  LegalDocument,
  Provision,
  SummaryTableRow,
  UnclassifiedBlock,
} from '../domain/legal-document';
import type { SourceText } from '../domain/source-text';
import { allNodes, sectionNodes } from '../domain/provision-tree';
import { dedupeIds } from './build-tree';
import { parseAmendingSection } from './danish-amendments';
import { danishTitle, findActReferences, findDates, danishDateToIso } from './danish-metadata';
import { parseDanishLawText, SECTION_HEAD, type DkScope } from './danish-provisions';
import { ANNEX_HEAD, parseRemarks } from './danish-remarks';
import { detectKind } from './detect-kind';
import { outlineHeadings, outlineTree } from './heading-outline';
import { importQuality } from './import-quality';
import { pageAt, skipSpace, splitLines, squash } from './lines';
import { parseMunicipal } from './municipal';
import { parseUkBill } from './uk-bill';

type Note = { da: string; en: string };

interface Parsed {
  nodes: Provision[];
  metadata: DocumentMetadata;
  amendments: Amendment[];
  consequenceSections: ConsequenceSection[];
  summaryTable?: SummaryTableRow[];
  notes: Note[];
}

export interface ParseOptions {
  /** Force a kind instead of detecting it (e.g. the user chose "kommunal politik"). */
  kind?: DocumentKind;
}

/**
 * SourceText → LegalDocument. Never throws and never refuses text: whatever is not recognised becomes an
 * unclassified block, and the import-quality report says how much that is.
 */
export function parse(source: SourceText, options: ParseOptions = {}): LegalDocument {
  const { text } = source;
  const pageOf = (o: number): number => pageAt(source.pages, o);
  const detected = detectKind(text);
  const kind = options.kind ?? detected.kind;
  let parsed: Parsed;
  try {
    parsed = parseByKind(kind, source, pageOf);
  } catch (e) {
    parsed = {
      nodes: [],
      metadata: { title: firstLine(text), isAmendingBill: false, referencedActs: [], dates: [] },
      amendments: [],
      consequenceSections: [],
      notes: [
        {
          da: `Strukturen kunne ikke læses (intern fejl: ${(e as Error).message}).`,
          en: `The structure could not be read (internal error: ${(e as Error).message}).`,
        },
      ],
    };
  }
  const { body, unclassified } = cover(text, parsed.nodes, pageOf, kind);
  dedupeIds(body);
  const doc: LegalDocument = {
    kind,
    language: detected.language,
    format: source.format,
    sha256: source.sha256,
    text,
    pages: source.pages,
    metadata: parsed.metadata,
    body,
    amendments: parsed.amendments,
    consequenceSections: parsed.consequenceSections,
    quality: importQuality(text, body, unclassified, parsed.amendments, parsed.notes),
  };
  if (parsed.summaryTable) doc.summaryTable = parsed.summaryTable;
  return doc;
}

function firstLine(text: string): string {
  return squash(splitLines(text).find((l) => l.text.trim())?.text ?? '').slice(0, 200);
}

function parseByKind(kind: DocumentKind, source: SourceText, pageOf: (o: number) => number): Parsed {
  switch (kind) {
    case 'dk-bill':
    case 'dk-act':
      return parseDanish(kind, source, pageOf);
    case 'uk-bill':
      return parseUk(source, pageOf);
    case 'municipal-agenda-item':
    case 'municipal-policy':
    case 'generic':
      return parseOutline(kind, source, pageOf);
  }
}

function parseDanish(kind: DocumentKind, source: SourceText, pageOf: (o: number) => number): Parsed {
  const { text } = source;
  const lines = splitLines(text);
  const heads = lines.filter((l) => SECTION_HEAD.test(l.text.trimStart()));
  const firstHead = heads[0]?.start ?? 0;
  const remarksLine =
    lines.find((l) => l.start > firstHead && /^Bemærkninger til (lov)?forslaget\b/i.test(squash(l.text))) ??
    (kind === 'dk-bill'
      ? lines.find((l) => l.start > firstHead && /^Almindelige bemærkninger\s*$/i.test(squash(l.text)))
      : undefined);
  const lawEnd = remarksLine?.start ?? text.length;
  const lastHead = [...heads].reverse().find((l) => l.start < lawEnd)?.start ?? 0;
  const annexSearchFrom = remarksLine
    ? (lines.find(
        (l) =>
          l.start > remarksLine.start &&
          /^(Specielle bemærkninger|Bemærkninger til lovforslagets enkelte)/i.test(squash(l.text)),
      )?.start ?? remarksLine.start)
    : lastHead;
  const annexLine = lines.find((l) => l.start > annexSearchFrom && ANNEX_HEAD.test(squash(l.text)));
  const annexStart = annexLine ? skipSpace(text, annexLine.start, annexLine.end) : text.length;
  const lawStop = Math.min(lawEnd, annexStart);

  const amendments: Amendment[] = [];
  const acts: ActReference[] = [];
  const scope: DkScope = {
    text,
    pageOf,
    idPrefix: '',
    wrap: (l) => l,
    baseLabel: '',
    amendments,
    onAmendingSection: (section, introEnd) => parseAmendingSection(scope, section, introEnd, acts),
  };
  const law = parseDanishLawText(scope, 0, lawStop);
  const nodes: Provision[] = [];
  const notes: Note[] = [];
  const front = law.firstMarker;
  const titleBlock = frontMatter(text, front, 4000, 'da');
  if (titleBlock) nodes.push(titleBlock);
  nodes.push(...law.nodes);
  if (law.nodes.length === 0)
    notes.push({ da: 'Der blev ikke fundet nogen paragraffer (§).', en: 'No sections (§) were found.' });

  let consequenceSections: ConsequenceSection[] = [];
  let summaryTable: SummaryTableRow[] | undefined;
  if (remarksLine) {
    const start = skipSpace(text, remarksLine.start, remarksLine.end);
    const remarks = parseRemarks({ text, pageOf, blocks: source.blocks }, start, Math.max(start, annexStart));
    nodes.push(remarks.node);
    consequenceSections = remarks.consequenceSections;
    summaryTable = remarks.summaryTable;
  } else if (kind === 'dk-bill') {
    notes.push({
      da: 'Lovforslaget har ingen bemærkninger i den indlæste tekst.',
      en: 'The bill has no remarks in the imported text.',
    });
  }
  if (annexLine) nodes.push(...annexes(text, annexStart, pageOf));

  const sections = sectionNodes(law.nodes);
  const commencementNode = sections.find((s) => /træder\s+i\s+kraft/.test(text.slice(s.start, s.end)));
  const title = front > 0 ? danishTitle(text, front) : { title: '' };
  const metadata: DocumentMetadata = {
    title: title.title,
    isAmendingBill: amendments.length > 0 || /Lov om ændring af/i.test(title.title),
    referencedActs: findActReferences(text.slice(0, lawStop), acts),
    dates: findDates(text, commencementNode),
  };
  if (title.shortTitle) metadata.shortTitle = title.shortTitle;
  if (title.documentType) metadata.documentType = title.documentType;
  if (commencementNode) {
    const body = text.slice(commencementNode.start, commencementNode.end);
    const m = /træder\s+i\s+kraft\s+(?:den\s+)?(\d{1,2})\.\s*(\p{L}+)\s+(\d{4})/u.exec(body);
    metadata.commencement = {
      text: commencementSentence(body),
      nodeId: commencementNode.id,
      label: commencementNode.label,
    };
    const iso = m ? danishDateToIso(m[1] ?? '', m[2] ?? '', m[3] ?? '') : undefined;
    if (iso) metadata.commencement.iso = iso;
  }
  const parsed: Parsed = { nodes, metadata, amendments, consequenceSections, notes };
  if (summaryTable) parsed.summaryTable = summaryTable;
  const uncertain = summaryTable?.filter((r) => r.uncertain).length ?? 0;
  if (uncertain > 0) {
    notes.push({
      da: `Sammenfattende skema: kolonnerne kunne ikke adskilles sikkert i ${uncertain} række(r); kontrollér dem mod dokumentet.`,
      en: `Summary table: the columns could not be told apart reliably in ${uncertain} row(s); check them against the document.`,
    });
  }
  if (kind === 'dk-bill' && remarksLine && !summaryTable) {
    notes.push({
      da: 'Sammenfattende skema blev ikke fundet.',
      en: 'The summary table (Sammenfattende skema) was not found.',
    });
  }
  return parsed;
}

/**
 * The sentence that says when the act enters into force. A full stop after a day number ("den 1. juli") or
 * after an abbreviation does not end it.
 */
export function commencementSentence(sectionText: string): string {
  const body = sectionText.replace(/^§+\s*\d+\s*[a-z]?\s*\.?/, '').replace(/^\s*Stk\.\s*\d+\.\s*/, '');
  const m =
    /[^.\n]*?træder\s+i\s+kraft[^\n]*?(?<!(?:^|\s)(?:\d{1,2}|nr|jf|stk|pkt|m\.v|bl\.a))\.(?=\s|$)/u.exec(
      body,
    );
  return squash(m?.[0] ?? /[^\n]*træder\s+i\s+kraft[^\n]*/u.exec(body)?.[0] ?? '');
}

/**
 * The text before the first structural marker, as the document's title block, when there is some and it is short
 * enough to be a title (longer lead text is left unclassified and reported).
 */
function frontMatter(
  text: string,
  end: number,
  maxVisible: number,
  lang: 'da' | 'en',
): Provision | undefined {
  const lead = text.slice(0, end);
  if (!/\S/.test(lead) || lead.replace(/\s/g, '').length >= maxVisible) return undefined;
  return {
    id: lang === 'da' ? 'forside' : 'front',
    kind: 'front-matter',
    label: lang === 'da' ? 'Titel' : 'Title',
    start: skipSpace(text, 0, end),
    end,
    page: 1,
    children: [],
  };
}

function annexes(text: string, start: number, pageOf: (o: number) => number): Provision[] {
  const heads = splitLines(text, start).filter((l) => ANNEX_HEAD.test(squash(l.text)));
  return heads.map((h, i) => {
    const n = ANNEX_HEAD.exec(squash(h.text))?.[1] ?? String(i + 1);
    const next = splitLines(
      text,
      h.end + 1 > text.length ? text.length : h.end + 1,
      Math.min(text.length, h.end + 300),
    ).find((l) => l.text.trim());
    const node: Provision = {
      id: `bilag${n}`,
      kind: 'annex',
      label: `Bilag ${n}`,
      number: n,
      start: i === 0 ? start : skipSpace(text, h.start, h.end),
      end: heads[i + 1] ? skipSpace(text, heads[i + 1]?.start ?? text.length, text.length) : text.length,
      page: pageOf(h.start),
      children: [],
    };
    if (next) node.heading = squash(next.text);
    return node;
  });
}

function parseUk(source: SourceText, pageOf: (o: number) => number): Parsed {
  const { text } = source;
  const uk = parseUkBill(text, pageOf);
  const nodes: Provision[] = [];
  const title = frontMatter(text, uk.firstMarker, Infinity, 'en');
  if (title) nodes.push(title);
  nodes.push(...uk.nodes);
  const metadata = ukMetadata(text, uk.nodes);
  const first = firstLine(text);
  const longTitle = /A\s+BILL\s+(?:TO|to)\s+([^\n]+)/.exec(text)?.[1];
  const titleLine = /\b(Bill|Act)( \d{4})?$/.test(first) ? undefined : longTitle;
  return {
    nodes,
    metadata: {
      ...metadata,
      title: squash(titleLine ? `A Bill to ${titleLine}` : first),
      documentType: /\bA\s+BILL\b/.test(text) ? 'Bill' : 'Act',
    },
    amendments: [],
    consequenceSections: [],
    notes: uk.nodes.length === 0 ? [{ da: 'Ingen klausuler fundet.', en: 'No clauses found.' }] : [],
  };
}

/** The document's first heading names it (an agenda item's number "5." is not part of its title). */
function outlineTitle(text: string, nodes: Provision[], kind: DocumentKind): string {
  const first = nodes.find((n) => n.kind === 'heading' && n.start < 4000);
  const heading = first?.heading ?? '';
  if (!heading) return firstLine(text);
  return kind === 'municipal-agenda-item' ? heading.replace(/^\d+\.\s+/, '') : heading;
}

function ukMetadata(text: string, nodes: Provision[]): DocumentMetadata {
  const metadata: DocumentMetadata = { title: '', isAmendingBill: false, referencedActs: [], dates: [] };
  const cited = /may be cited as the ([^\n]+?)\.\s*$/m.exec(text)?.[1];
  if (cited) metadata.shortTitle = squash(cited);
  const inForce = allNodes(nodes).find(
    (n) => n.kind === 'subsection' && /\bcomes? into force\b/.test(text.slice(n.start, n.end)),
  );
  if (inForce)
    metadata.commencement = {
      text: squash(text.slice(inForce.start, inForce.end)),
      nodeId: inForce.id,
      label: inForce.label,
    };
  const seen = new Set<string>([metadata.shortTitle ?? '']);
  for (const m of text.matchAll(
    /\b((?:[A-Z][A-Za-z]*\s)(?:(?:[A-Z][A-Za-z]*|and|of|for|the|in)\s)*Act\s\d{4})\b/g,
  )) {
    const title = squash(m[1] ?? '').replace(/^(?:The|the|In|in|Of|of)\s+/, '');
    if (seen.has(title) || /^(This|That)\s/.test(title)) continue;
    seen.add(title);
    metadata.referencedActs.push({ title, amendedBy: [], start: m.index, end: m.index + m[0].length });
  }
  return metadata;
}

function parseOutline(kind: DocumentKind, source: SourceText, pageOf: (o: number) => number): Parsed {
  const { text } = source;
  const nodes =
    kind === 'generic'
      ? outlineTree(text, outlineHeadings(text, source.blocks), text.length, pageOf)
      : parseMunicipal(text, source.blocks, kind === 'municipal-agenda-item', pageOf);
  const first = nodes[0]?.start ?? text.length;
  const out: Provision[] = [];
  const title = frontMatter(text, first, 601, 'da');
  if (title) out.push(title);
  out.push(...nodes);
  const metadata: DocumentMetadata = {
    title: outlineTitle(text, nodes, kind),
    documentType:
      kind === 'municipal-agenda-item'
        ? 'Dagsordenspunkt'
        : kind === 'municipal-policy'
          ? 'Politik'
          : undefined,
    isAmendingBill: false,
    referencedActs: findActReferences(text),
    dates: findDates(text),
  };
  if (metadata.documentType === undefined) delete metadata.documentType;
  const authority = /\b(\p{Lu}[\p{L}-]+)\s+Kommune\b/u.exec(text.slice(0, 5000));
  if (authority) metadata.authority = `${authority[1]} Kommune`;
  return { nodes: out, metadata, amendments: [], consequenceSections: [], notes: [] };
}

/**
 * Make the top-level nodes cover the text exactly: whitespace between nodes joins the node before it;
 * anything else no node claims becomes an unclassified block with its reason.
 */
function cover(
  text: string,
  nodes: Provision[],
  pageOf: (o: number) => number,
  kind: DocumentKind,
): { body: Provision[]; unclassified: UnclassifiedBlock[] } {
  const sorted = [...nodes].sort((a, b) => a.start - b.start);
  const body: Provision[] = [];
  const unclassified: UnclassifiedBlock[] = [];
  let pos = 0;
  const reason = (at: number): string =>
    at === 0
      ? kind.startsWith('dk-')
        ? 'Tekst før første paragraf, som ikke kunne genkendes som titel'
        : 'Tekst før første overskrift'
      : 'Tekst uden for de genkendte afsnit';
  const gap = (to: number): void => {
    if (to <= pos) return;
    const slice = text.slice(pos, to);
    if (!/\S/.test(slice)) {
      const prev = body[body.length - 1];
      if (prev) {
        prev.end = to;
        pos = to;
      } else if (sorted[0]) {
        sorted[0].start = pos;
      }
      return;
    }
    const block: UnclassifiedBlock = { start: pos, end: to, page: pageOf(pos), reason: reason(pos) };
    unclassified.push(block);
    body.push({
      id: `uklassificeret-${unclassified.length}`,
      kind: 'unclassified',
      label: 'Ikke klassificeret tekst',
      start: pos,
      end: to,
      page: block.page,
      children: [],
    });
    pos = to;
  };
  for (const n of sorted) {
    if (n.start < pos) n.start = pos;
    if (n.end <= n.start) continue;
    gap(n.start);
    body.push(n);
    pos = n.end;
  }
  gap(text.length);
  return { body, unclassified };
}
