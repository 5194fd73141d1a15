import type { ActReference, DateMention } from '../domain/legal-document';
import { splitLines, squash } from './lines';

const MONTHS = [
  'januar',
  'februar',
  'marts',
  'april',
  'maj',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'december',
];
const DATE =
  /\b(\d{1,2})\.\s*(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\s+(\d{4})\b/giu;

export function danishDateToIso(day: string, month: string, year: string): string | undefined {
  const m = MONTHS.indexOf(month.toLowerCase()) + 1;
  const d = Number(day);
  if (m < 1 || d < 1 || d > 31) return undefined;
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Danish dates in the text with a role read from their line ("Fremsat den …", "træder i kraft den …"). */
export function findDates(
  text: string,
  commencementRange?: { start: number; end: number },
  limit = 200,
): DateMention[] {
  const out: DateMention[] = [];
  for (const m of text.matchAll(DATE)) {
    if (out.length >= limit) break;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const context = text.slice(Math.max(lineStart, m.index - 120), m.index).toLowerCase();
    const role: DateMention['role'] =
      commencementRange &&
      m.index >= commencementRange.start &&
      m.index < commencementRange.end &&
      /i kraft/.test(context)
        ? 'commencement'
        : /fremsat/.test(context)
          ? 'tabled'
          : /senest|inden|frist|forinden/.test(context.slice(-40))
            ? 'deadline'
            : /vedtaget|godkendt af/.test(context)
              ? 'adopted'
              : /møde|beslutning i|behandlet i|udvalgets? (?:møde )?den|byrådet den/.test(context)
                ? 'meeting'
                : 'other';
    const mention: DateMention = { text: squash(m[0]), role, start: m.index };
    const iso = danishDateToIso(m[1] ?? '', m[2] ?? '', m[3] ?? '');
    if (iso) mention.iso = iso;
    out.push(mention);
  }
  return out;
}

const CITATION =
  /\b((?:lov|lovbekendtgørelse|bekendtgørelse|anordning)\s+nr\.\s*\d+\s+af\s+\d{1,2}\.\s*\p{L}+\s+\d{4})/giu;
const TITLED =
  /\b(lov om [^,.;()»«\n]{3,160}?),\s*jf\.\s*((?:lov)?bekendtgørelse\s+nr\.\s*\d+\s+af\s+\d{1,2}\.\s*\p{L}+\s+\d{4})/giu;

/** Acts the text refers to by title and citation, or by citation alone; one entry per citation. */
export function findActReferences(text: string, known: ActReference[] = []): ActReference[] {
  const out = [...known];
  const seen = new Set(known.map((a) => squash(a.citation ?? a.title).toLowerCase()));
  const add = (a: ActReference): void => {
    const key = squash(a.citation ?? a.title).toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push(a);
  };
  for (const m of text.matchAll(TITLED)) {
    add({
      title: squash(m[1] ?? ''),
      citation: squash(m[2] ?? ''),
      amendedBy: [],
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  const amending = known
    .flatMap((a) => a.amendedBy)
    .join(' ')
    .toLowerCase();
  for (const m of text.matchAll(CITATION)) {
    // "som ændret ved lov nr. 1234 af …" is already recorded with the act it amended.
    if (amending.includes(squash(m[1] ?? '').toLowerCase())) continue;
    add({
      title: '',
      citation: squash(m[1] ?? ''),
      amendedBy: [],
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

export interface DanishTitle {
  title: string;
  shortTitle?: string;
  documentType?: string;
}

/**
 * Title of a Danish bill or act from its front matter: "Forslag / til / Lov om …" on separate lines, then a
 * parenthesised short title; acts start with "Lov om …", "Bekendtgørelse om …" and the like.
 */
export function danishTitle(text: string, frontEnd: number): DanishTitle {
  const lines = splitLines(text, 0, Math.min(frontEnd, 6000))
    .map((l) => squash(l.text))
    .filter(Boolean);
  const forslag = lines.findIndex(
    (l) => /^Forslag(\s+til)?$/i.test(l) || /^Forslag til (lov|folketingsbeslutning)/i.test(l),
  );
  if (forslag >= 0) {
    const rest: string[] = [];
    let shortTitle: string | undefined;
    for (const l of lines.slice(forslag)) {
      if (/^\(/.test(l) && rest.length > 1) {
        shortTitle = l;
        continue;
      }
      if (shortTitle !== undefined) {
        if (!shortTitle.endsWith(')')) shortTitle = `${shortTitle} ${l}`;
        else break;
        continue;
      }
      if (/^§/.test(l) || /^Kapitel\s/.test(l)) break;
      rest.push(l);
    }
    const title = squash(rest.join(' ')).replace(/^Forslag til/i, 'Forslag til');
    const t: DanishTitle = { title, documentType: 'Lovforslag' };
    if (shortTitle) t.shortTitle = shortTitle.replace(/^\(|\)$/g, '').trim();
    return t;
  }
  const first =
    lines.find((l) =>
      /^(Lov|Lovbekendtgørelse|Bekendtgørelse|Anordning|Cirkulære|Forordning|Regulativ)\b/i.test(l),
    ) ??
    lines[0] ??
    '';
  const type = /^(\p{L}+)/u.exec(first)?.[1];
  const t: DanishTitle = { title: first };
  if (type) t.documentType = type;
  return t;
}
