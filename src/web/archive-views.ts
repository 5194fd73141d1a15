import { z } from 'zod';
import { csvCell } from '../report/csv-cell';
import { STATUS_NAMES } from '../assessments/sign-off';
import type { ArchiveFilter, ArchiveRow, NotAssessedRow, YearCount } from '../db/archive-repository';
import type { AssessmentStatus, BottomLine } from '../domain/assessment';
import { NOTE_TEXTS } from '../report/note-texts';
import { SERIES, yearChartSvg, type SeriesKey } from '../report/year-chart-svg';
import { localText } from '../rulesets/local-text';
import type { Ruleset } from '../rulesets/ruleset-schema';
import type { Lang } from './web-context';

export const PAGE_SIZE = 50;
/** The CSV export of a search: all hits up to this, then the user narrows the search. */
export const CSV_MAX_ROWS = 10_000;

export const BOTTOM_LINES: readonly BottomLine[] = ['positive', 'negative', 'mixed', 'none', 'not-assessed'];
export const STATUSES: readonly AssessmentStatus[] = ['draft', 'in-review', 'approved', 'published'];

type Say = (da: string, en: string) => string;
const sayIn =
  (lang: Lang): Say =>
  (da, en) =>
    lang === 'en' ? en : da;

/** A real calendar day written YYYY-MM-DD (the date input's format). */
function isDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && y <= 2999 && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** The archive's GET filter form: empty fields are no filter; anything else is checked like any other form. */
export function archiveQuerySchema(lang: Lang, rulesetIds: readonly string[]) {
  const t = sayIn(lang);
  const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
  const text = (max: number, tooLong: string, wrong: string) =>
    z.preprocess(blank, z.string({ error: wrong }).trim().max(max, tooLong).optional());
  const oneOf = <T extends string>(values: readonly T[], wrong: string) =>
    z.preprocess(
      blank,
      z
        .string({ error: wrong })
        .refine((v): v is T => (values as readonly string[]).includes(v), wrong)
        .transform((v) => v as T)
        .optional(),
    );
  const dateWrong = (name: string, nameEn: string) =>
    t(
      `${name} skal være en gyldig dato, fx 2026-03-31.`,
      `The ${nameEn} must be a valid date, e.g. 2026-03-31.`,
    );
  // A date input cannot show a day that does not exist, so the message repeats what was sent.
  const notADay = (name: string, nameEn: string) => (iss: { input: unknown }) =>
    typeof iss.input === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iss.input.trim())
      ? t(
          `${name} ${iss.input.trim()} findes ikke. Skriv en gyldig dato, fx 2026-03-31.`,
          `The ${nameEn} ${iss.input.trim()} does not exist. Enter a valid date, e.g. 2026-03-31.`,
        )
      : dateWrong(name, nameEn);
  const day = (name: string, nameEn: string) =>
    z.preprocess(
      blank,
      z
        .string({ error: dateWrong(name, nameEn) })
        .trim()
        .refine(isDay, { error: notADay(name, nameEn) })
        .optional(),
    );
  return z
    .object({
      q: text(
        200,
        t('Søgeteksten må højst være 200 tegn.', 'The search text must be at most 200 characters.'),
        t('Skriv én søgetekst.', 'Enter one search text.'),
      ),
      authority: text(
        200,
        t(
          'Vælg et ministerium eller en kommune fra listen.',
          'Choose a ministry or municipality from the list.',
        ),
        t(
          'Vælg et ministerium eller en kommune fra listen.',
          'Choose a ministry or municipality from the list.',
        ),
      ),
      ruleset: oneOf(rulesetIds, t('Vælg et regelsæt fra listen.', 'Choose a ruleset from the list.')),
      bottomLine: oneOf(
        BOTTOM_LINES,
        t('Vælg en relationel bundlinje fra listen.', 'Choose a relational bottom line from the list.'),
      ),
      theme: z.preprocess(
        blank,
        z
          .string({ error: t('Vælg et tema fra listen.', 'Choose a theme from the list.') })
          .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, t('Vælg et tema fra listen.', 'Choose a theme from the list.'))
          .max(100, t('Vælg et tema fra listen.', 'Choose a theme from the list.'))
          .optional(),
      ),
      status: oneOf(STATUSES, t('Vælg en status fra listen.', 'Choose a status from the list.')),
      dateField: z.preprocess(
        blank,
        z
          .enum(['screened', 'created'], {
            error: t('Vælg, hvilken dato der søges på.', 'Choose which date to search on.'),
          })
          .default('screened'),
      ),
      from: day('Fra-datoen', 'from date'),
      to: day('Til-datoen', 'to date'),
      // A page number out of range is no error worth showing: the first page.
      page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
    })
    .refine((v) => !v.from || !v.to || v.from <= v.to, {
      path: ['to'],
      message: t(
        'Til-datoen skal være samme dag som eller efter fra-datoen.',
        'The to date must be the same day as or after the from date.',
      ),
    });
}

export type ArchiveQuery = z.infer<ReturnType<typeof archiveQuerySchema>>;

export function filterOf(q: ArchiveQuery): ArchiveFilter {
  return {
    text: q.q,
    authority: q.authority,
    rulesetId: q.ruleset,
    bottomLine: q.bottomLine,
    theme: q.theme,
    status: q.status,
    from: q.from,
    to: q.to,
    dateField: q.dateField,
  };
}

/** The search as a query string (without the page unless asked), for pagination and the CSV link. */
export function queryString(q: ArchiveQuery, page?: number): string {
  const p = new URLSearchParams();
  for (const k of ['q', 'authority', 'ruleset', 'bottomLine', 'theme', 'status', 'from', 'to'] as const) {
    const v = q[k];
    if (v) p.set(k, v);
  }
  if ((q.from || q.to) && q.dateField !== 'screened') p.set('dateField', q.dateField);
  if (page && page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function relevanceText(r: ArchiveRow['relevance'], lang: Lang): string {
  const t = sayIn(lang);
  if (r === 'relevant') return t('relevant', 'relevant');
  if (r === 'not-relevant') return t('ikke relevant', 'not relevant');
  if (r === 'unknown') return t('uafklaret', 'unresolved');
  return t('ikke screenet', 'not screened');
}

export function bottomLineText(b: BottomLine | null, lang: Lang): string {
  return b ? (NOTE_TEXTS[lang].bottomLine[b] ?? b) : '–';
}

/** Looks up a ruleset by id; an assessment's ruleset may since have been removed. */
export type RulesetOf = (id: string) => Ruleset | undefined;

function themeName(ruleset: Ruleset | undefined, id: string, lang: Lang): string {
  const theme = ruleset?.themes.find((x) => x.id === id);
  return theme ? localText(theme.title, lang) || id : id;
}

/** The choices of the filter form. */
export function archiveOptions(
  authorities: string[],
  rulesets: { id: string; ruleset: Ruleset }[],
  chosenRuleset: string | undefined,
  lang: Lang,
) {
  const t = sayIn(lang);
  return {
    authorities,
    rulesets: rulesets.map((r) => ({ value: r.id, label: localText(r.ruleset.title, lang) || r.id })),
    // Theme ids are the ruleset's own: grouped per ruleset, only the chosen one's when a ruleset is chosen.
    themeGroups: rulesets
      .filter((r) => !chosenRuleset || r.id === chosenRuleset)
      .map((r) => ({
        label: localText(r.ruleset.title, lang) || r.id,
        options: r.ruleset.themes
          .map((th) => ({ value: th.id, label: localText(th.title, lang) || th.id }))
          .sort((a, b) => a.label.localeCompare(b.label, lang)),
      }))
      .filter((g) => g.options.length),
    bottomLines: BOTTOM_LINES.map((b) => ({ value: b, label: capitalise(bottomLineText(b, lang)) })),
    statuses: STATUSES.map((s) => ({ value: s, label: capitalise(STATUS_NAMES[s][lang]) })),
    dateFields: [
      { value: 'screened', label: t('Screeningsdato', 'Screening date') },
      { value: 'created', label: t('Oprettelsesdato', 'Date created') },
    ],
  };
}

function capitalise(s: string): string {
  return s ? `${s[0]?.toLocaleUpperCase('da') ?? ''}${s.slice(1)}` : s;
}

const SHORT_DATE_OPTIONS: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'Europe/Copenhagen',
};
/** »24. nov. 2026«: the results table has eight columns to fit. */
const SHORT_DATE = {
  da: new Intl.DateTimeFormat('da-DK', SHORT_DATE_OPTIONS),
  en: new Intl.DateTimeFormat('en-GB', SHORT_DATE_OPTIONS),
};

/** The hits as the results table shows them. */
export function archiveRowsView(rows: ArchiveRow[], rulesetOf: RulesetOf, lang: Lang) {
  return rows.map((r) => {
    const rs = rulesetOf(r.rulesetId);
    const explain = r.relevance === 'relevant' && r.bottomLine === 'not-assessed';
    return {
      id: r.id,
      title: r.title,
      caseNumber: r.caseNumber,
      authority: r.authority,
      ruleset: rs ? localText(rs.title, lang) || r.rulesetId : r.rulesetId,
      status: STATUS_NAMES[r.status][lang],
      superseded: r.superseded,
      relevance: relevanceText(r.relevance, lang),
      bottomLine: bottomLineText(r.bottomLine, lang),
      /** Relevant but not assessed: the reason stated, or its absence, is shown. */
      explain,
      reason: explain ? (r.notAssessedReason ?? '') : '',
      themes: r.themes.map((id) => themeName(rs, id, lang)),
      screenedAt: r.screenedAt,
      createdAt: r.createdAt,
      screened: r.screenedAt ? SHORT_DATE[lang].format(new Date(r.screenedAt)) : '',
      created: SHORT_DATE[lang].format(new Date(r.createdAt)),
    };
  });
}

export type PaginationItem = { gap: true } | { gap: false; page: number; href: string; current: boolean };

/** First, last, and the pages around the current one; gaps between. */
export function pagination(current: number, pages: number, href: (page: number) => string) {
  const shown = new Set([1, pages, current - 1, current, current + 1].filter((p) => p >= 1 && p <= pages));
  const items: PaginationItem[] = [];
  let last = 0;
  for (const p of [...shown].sort((a, b) => a - b)) {
    if (p > last + 1) items.push({ gap: true });
    items.push({ gap: false, page: p, href: href(p), current: p === current });
    last = p;
  }
  return {
    current,
    pages,
    items,
    previous: current > 1 ? href(current - 1) : undefined,
    next: current < pages ? href(current + 1) : undefined,
  };
}

// ---------- the yearly overview ----------

export function seriesLabels(lang: Lang): Record<SeriesKey, string> {
  const t = sayIn(lang);
  return {
    screened: t('Screenet', 'Screened'),
    relevant: t('Fundet relevante', 'Found relevant'),
    assessed: t('Vurderet (trin 2)', 'Assessed (stage 2)'),
    notAssessed: t('Relevante, ikke vurderet', 'Relevant, not assessed'),
  };
}

export function yearsView(counts: YearCount[], notAssessed: NotAssessedRow[], lang: Lang) {
  const t = sayIn(lang);
  const labels = seriesLabels(lang);
  const totals = { screened: 0, relevant: 0, assessed: 0, notAssessed: 0 };
  for (const c of counts) for (const k of SERIES) totals[k] += c[k];
  const figures = counts
    .map((c) =>
      t(
        `${c.year}: ${c.screened} screenet, ${c.relevant} fundet relevante, ${c.assessed} vurderet, ${c.notAssessed} relevante men ikke vurderet`,
        `${c.year}: ${c.screened} screened, ${c.relevant} found relevant, ${c.assessed} assessed, ${c.notAssessed} relevant but not assessed`,
      ),
    )
    .join('. ');
  const chart = counts.length
    ? yearChartSvg({
        counts,
        title: t('Screenede og vurderede forslag pr. år', 'Screened and assessed proposals per year'),
        description: `${t(
          'Søjlediagram med fire søjler pr. år: screenet, fundet relevante, vurderet i trin 2 og relevante, men ikke vurderet. Tallene står også i tabellen.',
          'Bar chart with four bars per year: screened, found relevant, assessed in stage 2, and relevant but not assessed. The figures are also in the table.',
        )} ${figures}.`,
        labels,
        idPrefix: 'year-chart',
        locale: lang === 'en' ? 'en-GB' : 'da-DK',
      })
    : '';
  return {
    labels,
    rows: counts,
    totals,
    chart,
    notAssessed: notAssessed.map((r) => ({
      ...r,
      status: STATUS_NAMES[r.status][lang],
    })),
    missingReasons: notAssessed.filter((r) => !r.reason).length,
  };
}

// ---------- CSV (Danish Excel: UTF-8 with BOM, semicolons) ----------

const DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** YYYY-MM-DD in Copenhagen: Excel reads it as a date in any locale. */
export function copenhagenDay(iso: string | null): string {
  return iso ? DAY.format(new Date(iso)) : '';
}

export function toCsv(rows: (string | number)[][]): string {
  return `\uFEFF${rows.map((r) => r.map((v) => csvCell(v, ';')).join(';')).join('\r\n')}\r\n`;
}

/** The search hits as CSV, in Danish (the figures go into reports to Folketinget). */
export function archiveCsv(rows: ArchiveRow[], rulesetOf: RulesetOf): string {
  const view = archiveRowsView(rows, rulesetOf, 'da');
  return toCsv([
    [
      'Titel',
      'Sagsnummer',
      'Ministerium eller kommune',
      'Regelsæt',
      'Status',
      'Afløst af ny version',
      'Relevans (trin 1)',
      'Relationel bundlinje',
      'Begrundelse for ikke at gennemføre trin 2',
      'Temaer',
      'Screenet',
      'Oprettet',
    ],
    ...view.map((r) => [
      r.title,
      r.caseNumber,
      r.authority,
      r.ruleset,
      r.status,
      r.superseded ? 'ja' : 'nej',
      r.relevance,
      r.bottomLine === '–' ? '' : r.bottomLine,
      r.explain ? r.reason || 'Ingen begrundelse angivet' : '',
      r.themes.join(', '),
      copenhagenDay(r.screenedAt),
      copenhagenDay(r.createdAt),
    ]),
  ]);
}

export function yearsCsv(counts: YearCount[]): string {
  const l = seriesLabels('da');
  const totals = counts.reduce(
    (s, c) => ({
      screened: s.screened + c.screened,
      relevant: s.relevant + c.relevant,
      assessed: s.assessed + c.assessed,
      notAssessed: s.notAssessed + c.notAssessed,
    }),
    { screened: 0, relevant: 0, assessed: 0, notAssessed: 0 },
  );
  return toCsv([
    ['År', l.screened, l.relevant, l.assessed, l.notAssessed],
    ...counts.map((c) => [String(c.year), c.screened, c.relevant, c.assessed, c.notAssessed]),
    ['I alt', totals.screened, totals.relevant, totals.assessed, totals.notAssessed],
  ]);
}
