import { csvCell } from '../report/csv-cell';
import { DOCUMENT_KIND_NAMES } from '../domain/document-kinds';
import type { Findings, RelevanceSuggestion } from '../domain/findings';
import type { DocumentKind, LegalDocument } from '../domain/legal-document';

export const BATCH_SCHEMA = 'relationstjek/batch@1';

/** How many themes a row shows. */
const TOP_THEMES = 3;

/**
 * One finished document: a line of the journal (`<out>.progress.jsonl`) and a row of the report. Failed
 * documents have `error` and none of the result fields.
 */
export interface BatchEntry {
  /** The path as the user gave it (folder + name, or the list's line). */
  file: string;
  /** Absolute path: the journal's key. */
  path: string;
  /** Of the bytes that were screened; '' when the file could not be read. */
  sha256: string;
  bytes: number;
  /** The --ruleset the entry was made with, or 'auto' (chosen by document kind and language). */
  rulesetOption: string;
  /** Wall-clock milliseconds in the worker pool (0 when the file could not be read). */
  ms: number;
  ok: boolean;
  title?: string;
  kind?: DocumentKind;
  language?: 'da' | 'en';
  format?: string;
  pages?: number;
  classifiedShare?: number;
  ruleset?: { id: string; version: string };
  relevance?: RelevanceSuggestion;
  /** The highest-scoring findings of kind `theme`. */
  topThemes?: { theme: string; title: string; score: number }[];
  /** The highest-scoring evidence of any finding. */
  topEvidence?: {
    finding: string;
    findingTitle: string;
    label: string;
    page: number;
    quote: string;
    matchStart: number;
    matchEnd: number;
    score: number;
  };
  findings?: number;
  error?: { code: string; da: string; en: string };
}

/** What one run did, for the JSON report and the closing line. */
export interface BatchRun {
  batch: string;
  rulesetOption: string;
  workers: number;
  processed: number;
  reused: number;
  /** Documents sent through the pool a second time because the guessed ruleset did not fit their kind. */
  rerun: number;
  seconds: number;
  documentsPerSecond: number;
}

export interface BatchSummary {
  documents: number;
  relevant: number;
  unknown: number;
  notRelevant: number;
  failed: number;
}

/** The journal entry for a screened document. */
export function summarise(
  base: Pick<BatchEntry, 'file' | 'path' | 'sha256' | 'bytes' | 'rulesetOption' | 'ms'>,
  doc: LegalDocument,
  found: Findings,
): BatchEntry {
  const topThemes = found.findings
    .filter((f) => f.kind === 'theme')
    .sort((a, b) => b.score - a.score)
    .slice(0, TOP_THEMES)
    .map((f) => ({ theme: f.theme, title: f.title, score: f.score }));
  let topEvidence: BatchEntry['topEvidence'];
  for (const f of found.findings) {
    for (const e of f.evidence) {
      if (!topEvidence || e.score > topEvidence.score)
        topEvidence = {
          finding: f.theme,
          findingTitle: f.title,
          label: e.label,
          page: e.page,
          quote: e.quote,
          matchStart: e.matchStart,
          matchEnd: e.matchEnd,
          score: e.score,
        };
    }
  }
  return {
    ...base,
    ok: true,
    title: doc.metadata.title,
    kind: doc.kind,
    language: doc.language,
    format: doc.format,
    pages: doc.pages.length,
    classifiedShare: Math.round(doc.quality.classifiedShare * 1000) / 1000,
    ruleset: found.ruleset,
    relevance: found.relevance,
    topThemes,
    ...(topEvidence ? { topEvidence } : {}),
    findings: found.findings.length,
  };
}

export function summaryOf(entries: readonly BatchEntry[]): BatchSummary {
  const count = (s: RelevanceSuggestion['suggestion']): number =>
    entries.filter((e) => e.ok && e.relevance?.suggestion === s).length;
  return {
    documents: entries.length,
    relevant: count('relevant'),
    unknown: count('unknown'),
    notRelevant: count('not-relevant'),
    failed: entries.filter((e) => !e.ok).length,
  };
}

/** The entry as the report shows it: the journal's bookkeeping (absolute path, option) left out. */
function publicEntry(e: BatchEntry): Omit<BatchEntry, 'path' | 'rulesetOption'> {
  const { path: _path, rulesetOption: _option, ...rest } = e;
  return rest;
}

export function renderBatchJson(entries: readonly BatchEntry[], run: BatchRun, now: Date): string {
  return `${JSON.stringify(
    {
      schema: BATCH_SCHEMA,
      generatedAt: now.toISOString(),
      summary: summaryOf(entries),
      run,
      documents: entries.map(publicEntry),
    },
    null,
    2,
  )}\n`;
}

/** A cell starting like a formula is neutralised: a title from a document must not run in a spreadsheet. */
const CSV_COLUMNS = [
  'file',
  'title',
  'kind',
  'ruleset',
  'relevance',
  'confidence',
  'top_themes',
  'evidence_label',
  'evidence_quote',
  'error_code',
  'error',
] as const;

/** One row per document (RFC 4180, CRLF, UTF-8 with BOM so spreadsheets read æøå). */
export function renderBatchCsv(entries: readonly BatchEntry[]): string {
  const rows = entries.map((e) =>
    [
      e.file,
      e.title,
      e.kind,
      e.ruleset ? `${e.ruleset.id}@${e.ruleset.version}` : undefined,
      e.relevance?.suggestion,
      e.relevance?.confidence,
      e.topThemes?.map((t) => t.title).join('; '),
      e.topEvidence?.label,
      e.topEvidence?.quote,
      e.error?.code,
      e.error?.da,
    ]
      .map((v) => csvCell(v, ','))
      .join(','),
  );
  return `\uFEFF${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const RELEVANCE_DA: Record<RelevanceSuggestion['suggestion'], string> = {
  relevant: 'Relevant',
  unknown: 'Uafklaret',
  'not-relevant': 'Ikke relevant',
};

const ORDER: Record<string, number> = { relevant: 0, unknown: 1, 'not-relevant': 2 };

const pct = (x: number): string => `${Math.round(x * 100)} %`;

function quoteHtml(ev: NonNullable<BatchEntry['topEvidence']>): string {
  const { quote, matchStart, matchEnd } = ev;
  if (!(matchStart >= 0 && matchEnd > matchStart && matchEnd <= quote.length)) return escapeHtml(quote);
  return `${escapeHtml(quote.slice(0, matchStart))}<mark>${escapeHtml(quote.slice(matchStart, matchEnd))}</mark>${escapeHtml(quote.slice(matchEnd))}`;
}

function rowHtml(e: BatchEntry): string {
  const file = `<th scope="row">${escapeHtml(e.file)}</th>`;
  if (!e.ok || !e.relevance)
    return `<tr class="failed">${file}<td colspan="6"><strong>Fejl:</strong> ${escapeHtml(e.error?.da ?? 'ukendt fejl')}</td></tr>`;
  const themes = e.topThemes?.length
    ? `<ul>${e.topThemes.map((t) => `<li>${escapeHtml(t.title)}</li>`).join('')}</ul>`
    : '–';
  const evidence = e.topEvidence
    ? `<p class="label">${escapeHtml(e.topEvidence.label)} <span class="muted">(${escapeHtml(e.topEvidence.findingTitle)})</span></p><blockquote>${quoteHtml(e.topEvidence)}</blockquote>`
    : '–';
  return [
    `<tr class="${e.relevance.suggestion}">`,
    file,
    `<td>${e.title ? escapeHtml(e.title) : '<span class="muted">(uden titel)</span>'}</td>`,
    `<td>${escapeHtml(e.kind ? DOCUMENT_KIND_NAMES[e.kind].da : '')}</td>`,
    `<td class="relevance">${RELEVANCE_DA[e.relevance.suggestion]}</td>`,
    `<td class="num">${pct(e.relevance.confidence)}</td>`,
    `<td>${themes}</td>`,
    `<td>${evidence}</td>`,
    '</tr>',
  ].join('');
}

/**
 * A standalone page (no script, no external resources): a summary and one table of all documents,
 * relevant first, so a whole session's bills or a municipality's policies can be reviewed in one place.
 */
export function renderBatchHtml(entries: readonly BatchEntry[], run: BatchRun, now: Date): string {
  const s = summaryOf(entries);
  const sorted = [...entries].sort((a, b) => {
    const oa = a.ok && a.relevance ? (ORDER[a.relevance.suggestion] ?? 3) : 3;
    const ob = b.ok && b.relevance ? (ORDER[b.relevance.suggestion] ?? 3) : 3;
    return (
      oa - ob || (b.relevance?.confidence ?? 0) - (a.relevance?.confidence ?? 0) || (a.file < b.file ? -1 : 1)
    );
  });
  const n = (x: number): string => x.toLocaleString('da-DK');
  const when = now.toLocaleString('da-DK', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Copenhagen',
  });
  const rulesets = [
    ...new Set(entries.flatMap((e) => (e.ruleset ? [`${e.ruleset.id}@${e.ruleset.version}`] : []))),
  ];
  return `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Relationstjek – screening af ${n(s.documents)} dokumenter</title>
<style>
body { font-family: system-ui, sans-serif; line-height: 1.4; margin: 1.5rem; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.6rem; }
dl.summary { display: grid; grid-template-columns: max-content max-content; gap: 0.2rem 1rem; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; text-align: right; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
th, td { border: 1px solid #767676; padding: 0.4rem; vertical-align: top; text-align: left; }
thead th { background: #e8e8e8; }
tbody th { font-weight: normal; word-break: break-all; }
td.num { text-align: right; white-space: nowrap; }
tr.relevant td.relevance { font-weight: 700; }
tr.failed td { background: #fdecea; }
ul { margin: 0; padding-left: 1.1rem; }
blockquote { margin: 0.2rem 0 0; font-size: 0.9rem; }
p.label { margin: 0; font-weight: 600; }
.muted { color: #555; font-weight: normal; }
mark { background: #ffe58a; color: inherit; }
</style>
</head>
<body>
<main>
<h1>Relationstjek – screening af ${n(s.documents)} dokumenter</h1>
<p>Dokumenterne fra <code>${escapeHtml(run.batch)}</code> er screenet ${escapeHtml(when)} med regelsæt ${rulesets.length ? rulesets.map((r) => `<code>${escapeHtml(r)}</code>`).join(', ') : '–'}${run.rulesetOption === 'auto' ? ' (valgt efter dokumenttype og sprog)' : ''}. Forslagene er maskinelle og skal vurderes af en person.</p>
<h2>Overblik</h2>
<dl class="summary">
<dt>Dokumenter</dt><dd>${n(s.documents)}</dd>
<dt>Relevante</dt><dd>${n(s.relevant)}</dd>
<dt>Uafklarede</dt><dd>${n(s.unknown)}</dd>
<dt>Ikke relevante</dt><dd>${n(s.notRelevant)}</dd>
<dt>Kunne ikke læses</dt><dd>${n(s.failed)}</dd>
</dl>
<h2>Alle dokumenter</h2>
<table>
<caption>Alle ${n(s.documents)} dokumenter med forslag til relevans, vigtigste temaer og vigtigste belæg – relevante først, derefter uafklarede, ikke relevante og dokumenter, der ikke kunne læses</caption>
<thead>
<tr><th scope="col">Fil</th><th scope="col">Titel</th><th scope="col">Dokumenttype</th><th scope="col">Forslag til relevans</th><th scope="col">Sikkerhed</th><th scope="col">Vigtigste temaer</th><th scope="col">Vigtigste belæg</th></tr>
</thead>
<tbody>
${sorted.map(rowHtml).join('\n')}
</tbody>
</table>
</main>
</body>
</html>
`;
}
