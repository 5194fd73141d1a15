import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { AssessmentStatus, BottomLine } from '../domain/assessment';
import type { Database } from './schema';

/** Archive search: every field optional; dates are calendar days in Copenhagen (YYYY-MM-DD), both inclusive. */
export interface ArchiveFilter {
  /** Words in the title or the case number. */
  text?: string;
  authority?: string;
  rulesetId?: string;
  bottomLine?: BottomLine;
  theme?: string;
  status?: AssessmentStatus;
  from?: string;
  to?: string;
  /** Which date `from` and `to` are about: when the document was first screened, or the assessment created. */
  dateField?: 'screened' | 'created';
}

export interface ArchiveRow {
  id: string;
  title: string;
  caseNumber: string;
  authority: string;
  rulesetId: string;
  status: AssessmentStatus;
  relevance: 'relevant' | 'not-relevant' | 'unknown' | null;
  bottomLine: BottomLine | null;
  notAssessedReason: string | null;
  themes: string[];
  createdAt: string;
  screenedAt: string | null;
  /** A newer version was started from this one: it is a record, the newer one counts. */
  superseded: boolean;
}

/**
 * One year's figures. A bill counts once, as its latest version (a new version keeps the screening date of
 * the first), in the year it was first screened, in Copenhagen time.
 */
export interface YearCount {
  year: number;
  /** A document version was processed. */
  screened: number;
  /** Stage 1 found it relevant to relationships. */
  relevant: number;
  /** Relevant, and stage 2 gave a bottom line. */
  assessed: number;
  /** Relevant, but stage 2 is not done ("comply or explain"). */
  notAssessed: number;
}

export interface NotAssessedRow {
  id: string;
  year: number;
  title: string;
  caseNumber: string;
  authority: string;
  status: AssessmentStatus;
  screenedAt: string;
  reason: string | null;
}

const COPENHAGEN = 'Europe/Copenhagen';
const YEAR = new Intl.DateTimeFormat('en-GB', { timeZone: COPENHAGEN, year: 'numeric' });
const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: COPENHAGEN,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The calendar year in Copenhagen of an ISO time: 31 December 23:30 UTC is already next year there. */
export function copenhagenYear(iso: string): number {
  return Number(YEAR.format(new Date(iso)));
}

/** How far Copenhagen's clock is ahead of UTC at `t` (ms). */
function copenhagenOffset(t: number): number {
  const p = Object.fromEntries(PARTS.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const local = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return local - Math.floor(t / 1000) * 1000;
}

/** The UTC instant (ISO) at which a Copenhagen calendar day begins; `days` moves the day. */
export function copenhagenDayStart(ymd: string, days = 0): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const midnight = Date.UTC(y, m - 1, d + days);
  let t = midnight - copenhagenOffset(midnight);
  // Near a clock change the first guess is an hour off; the offset at the guess settles it.
  t = midnight - copenhagenOffset(t);
  return new Date(t).toISOString();
}

/** `like` treats % and _ as wildcards: what the user typed is matched literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

type Eb = ExpressionBuilder<Database, 'assessments'>;

function likeLiteral(eb: Eb, column: 'title' | 'case_number' | 'themes', pattern: string, lower: boolean) {
  const ref = eb.ref(`assessments.${column}`);
  return lower
    ? sql<SqlBool>`lower(${ref}) like ${pattern} escape '\\'`
    : sql<SqlBool>`${ref} like ${pattern} escape '\\'`;
}

/** Not superseded: no newer version was started from it. */
function isLatest(eb: Eb) {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('assessments as later')
        .select('later.id')
        .whereRef('later.previous_id', '=', 'assessments.id'),
    ),
  );
}

/** The archive: search and yearly counts over the summary kept beside each assessment, one organisation at a time. */
export function archiveRepository(db: Kysely<Database>) {
  function conditions(eb: Eb, orgId: string, f: ArchiveFilter): Expression<SqlBool> {
    const c: Expression<SqlBool>[] = [eb('assessments.organisation_id', '=', orgId)];
    const text = f.text?.trim();
    if (text) {
      // lower() on both sides: PostgreSQL's like is case-sensitive, SQLite's is not (for ASCII).
      const p = `%${escapeLike(text.toLowerCase())}%`;
      c.push(eb.or([likeLiteral(eb, 'title', p, true), likeLiteral(eb, 'case_number', p, true)]));
    }
    if (f.authority) c.push(eb('assessments.authority', '=', f.authority));
    if (f.rulesetId) c.push(eb('assessments.ruleset_id', '=', f.rulesetId));
    if (f.bottomLine) c.push(eb('assessments.bottom_line', '=', f.bottomLine));
    if (f.status) c.push(eb('assessments.status', '=', f.status));
    if (f.theme) c.push(likeLiteral(eb, 'themes', `% ${escapeLike(f.theme)} %`, false));
    const column = f.dateField === 'created' ? 'assessments.created_at' : 'assessments.screened_at';
    if (f.from) c.push(eb(column, '>=', copenhagenDayStart(f.from)));
    if (f.to) c.push(eb(column, '<', copenhagenDayStart(f.to, 1)));
    return eb.and(c);
  }

  return {
    /** One page of hits, newest first, and how many there are in all. */
    async search(
      orgId: string,
      f: ArchiveFilter,
      page: { limit: number; offset: number },
    ): Promise<{ total: number; rows: ArchiveRow[] }> {
      const count = await db
        .selectFrom('assessments')
        .select((eb) => eb.fn.countAll().as('n'))
        .where((eb) => conditions(eb, orgId, f))
        .executeTakeFirst();
      const rows = await db
        .selectFrom('assessments')
        .select([
          'assessments.id',
          'assessments.title',
          'assessments.case_number',
          'assessments.authority',
          'assessments.ruleset_id',
          'assessments.status',
          'assessments.relevance',
          'assessments.bottom_line',
          'assessments.not_assessed_reason',
          'assessments.themes',
          'assessments.created_at',
          'assessments.screened_at',
        ])
        .select((eb) => isLatest(eb).as('latest'))
        .where((eb) => conditions(eb, orgId, f))
        .orderBy(sql`coalesce(assessments.screened_at, assessments.created_at)`, 'desc')
        .orderBy('assessments.title')
        .orderBy('assessments.id')
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      return {
        total: Number(count?.n ?? 0),
        rows: rows.map((r) => ({
          id: r.id,
          title: r.title,
          caseNumber: r.case_number,
          authority: r.authority,
          rulesetId: r.ruleset_id,
          status: r.status,
          relevance: r.relevance,
          bottomLine: r.bottom_line as BottomLine | null,
          notAssessedReason: r.not_assessed_reason,
          themes: r.themes.split(' ').filter(Boolean),
          createdAt: r.created_at,
          screenedAt: r.screened_at,
          // SQLite answers 0/1, PostgreSQL true/false.
          superseded: !r.latest,
        })),
      };
    },

    /** The ministries and municipalities named in the organisation's assessments, for the filter. */
    async authorities(orgId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('assessments')
        .select('authority')
        .distinct()
        .where('organisation_id', '=', orgId)
        .execute();
      return rows.map((r) => r.authority).sort((a, b) => a.localeCompare(b, 'da'));
    },

    /**
     * Screened, relevant, assessed and relevant-but-not-assessed per year, oldest year first. Grouped here
     * rather than in SQL: SQLite has no time zones, and an organisation screens hundreds of bills a year, not millions.
     */
    async yearCounts(orgId: string): Promise<YearCount[]> {
      const rows = await db
        .selectFrom('assessments')
        .select(['screened_at', 'relevance', 'bottom_line'])
        .where('organisation_id', '=', orgId)
        .where('screened_at', 'is not', null)
        .where((eb) => isLatest(eb))
        .execute();
      const years = new Map<number, YearCount>();
      for (const r of rows) {
        const year = copenhagenYear(r.screened_at as string);
        let y = years.get(year);
        if (!y) {
          y = { year, screened: 0, relevant: 0, assessed: 0, notAssessed: 0 };
          years.set(year, y);
        }
        y.screened++;
        if (r.relevance === 'relevant') {
          y.relevant++;
          if (r.bottom_line === 'not-assessed') y.notAssessed++;
          else y.assessed++;
        }
      }
      return [...years.values()].sort((a, b) => a.year - b.year);
    },

    /** The relevant bills not assessed in stage 2, with the reason stated (or none), newest first. */
    async notAssessed(orgId: string): Promise<NotAssessedRow[]> {
      const rows = await db
        .selectFrom('assessments')
        .select(['id', 'title', 'case_number', 'authority', 'status', 'screened_at', 'not_assessed_reason'])
        .where('organisation_id', '=', orgId)
        .where('screened_at', 'is not', null)
        .where('relevance', '=', 'relevant')
        .where('bottom_line', '=', 'not-assessed')
        .where((eb) => isLatest(eb))
        .orderBy('screened_at', 'desc')
        .orderBy('title')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        year: copenhagenYear(r.screened_at as string),
        title: r.title,
        caseNumber: r.case_number,
        authority: r.authority,
        status: r.status,
        screenedAt: r.screened_at as string,
        reason: r.not_assessed_reason?.trim() ? r.not_assessed_reason : null,
      }));
    },
  };
}

export type ArchiveRepository = ReturnType<typeof archiveRepository>;
