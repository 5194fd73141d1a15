import type { Kysely } from 'kysely';
import type { AssessmentSummary } from '../../src/assessments/assessment-summary';
import {
  archiveRepository,
  copenhagenDayStart,
  copenhagenYear,
  escapeLike,
  type ArchiveFilter,
} from '../../src/db/archive-repository';
import { assessmentsRepository } from '../../src/db/assessments-repository';
import type { Database } from '../../src/db/schema';
import type { AssessmentStatus } from '../../src/domain/assessment';
import { describeEachDatabase } from '../helpers/test-databases';
import { orgWithUser, unique } from './fixtures';

interface Seed {
  title: string;
  caseNumber?: string;
  authority?: string;
  rulesetId?: string;
  summary?: Partial<AssessmentSummary>;
  status?: AssessmentStatus;
  createdAt?: string;
  reason?: string;
  previousId?: string;
}

describe('Copenhagen dates', () => {
  it('a year in Copenhagen: 31 December 23:30 UTC is already the next year', () => {
    expect(copenhagenYear('2025-12-31T23:30:00.000Z')).toBe(2026);
    expect(copenhagenYear('2025-12-31T22:59:59.999Z')).toBe(2025);
    expect(copenhagenYear('2026-06-30T23:30:00.000Z')).toBe(2026);
  });

  it('the UTC instant a Copenhagen day begins, in winter and summer time and across the clock changes', () => {
    expect(copenhagenDayStart('2026-01-15')).toBe('2026-01-14T23:00:00.000Z');
    expect(copenhagenDayStart('2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
    // Summer time begins 29 March 2026 at 02:00: that day begins in winter time, the next in summer time.
    expect(copenhagenDayStart('2026-03-29')).toBe('2026-03-28T23:00:00.000Z');
    expect(copenhagenDayStart('2026-03-29', 1)).toBe('2026-03-29T22:00:00.000Z');
    // It ends 25 October 2026 at 03:00.
    expect(copenhagenDayStart('2026-10-25')).toBe('2026-10-24T22:00:00.000Z');
    expect(copenhagenDayStart('2026-10-25', 1)).toBe('2026-10-25T23:00:00.000Z');
    expect(copenhagenDayStart('2026-12-31', 1)).toBe('2026-12-31T23:00:00.000Z');
  });

  it('like patterns: % _ and \\ are matched literally', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
  });
});

describeEachDatabase('archive repository', (getDb) => {
  let db: Kysely<Database>;
  let archive: ReturnType<typeof archiveRepository>;
  let repo: ReturnType<typeof assessmentsRepository>;

  beforeAll(() => {
    db = getDb().db;
    archive = archiveRepository(db);
    repo = assessmentsRepository(db);
  });

  /** An organisation of its own with assessments as described; their ids by title. */
  async function seed(items: Seed[]) {
    const { org, user } = await orgWithUser(db);
    const ids: Record<string, string> = {};
    for (const s of items) {
      const a = await repo.create({
        organisationId: org.id,
        title: s.title,
        authority: s.authority ?? 'Social- og Boligministeriet',
        caseNumber: s.caseNumber ?? '',
        rulesetId: s.rulesetId ?? 'dk-lovforslag',
        mode: 'a',
        createdBy: user.id,
        ...(s.previousId ? { previousId: ids[s.previousId] ?? s.previousId } : {}),
      });
      ids[s.title] = a.id;
      if (s.summary)
        await repo.setSummary(a.id, {
          relevance: 'relevant',
          bottomLine: 'not-assessed',
          themes: [],
          screenedAt: '2026-05-01T10:00:00.000Z',
          ...s.summary,
        });
      if (s.status) await repo.setStatus(org.id, a.id, 1, s.status, {});
      if (s.reason !== undefined) await repo.setNotAssessedReason(org.id, a.id, s.status ? 2 : 1, s.reason);
      if (s.createdAt)
        await db.updateTable('assessments').set({ created_at: s.createdAt }).where('id', '=', a.id).execute();
    }
    return { orgId: org.id, ids };
  }

  async function titles(orgId: string, f: ArchiveFilter, page = { limit: 100, offset: 0 }) {
    return (await archive.search(orgId, f, page)).rows.map((r) => r.title).sort();
  }

  it('finds words in the title or the case number, whatever their case', async () => {
    const { orgId } = await seed([
      { title: 'Forslag til lov om almene Boliger', caseNumber: '2026-0001' },
      { title: 'Forslag til lov om folkeskolen', caseNumber: 'BOL-77' },
      { title: 'Forslag til lov om sygedagpenge', caseNumber: '2026-0003' },
    ]);
    expect(await titles(orgId, { text: 'boliger' })).toEqual(['Forslag til lov om almene Boliger']);
    expect(await titles(orgId, { text: 'BOL' })).toEqual([
      'Forslag til lov om almene Boliger',
      'Forslag til lov om folkeskolen',
    ]);
    expect(await titles(orgId, { text: '2026-000' })).toHaveLength(2);
    expect(await titles(orgId, { text: 'findes ikke' })).toEqual([]);
    expect(await titles(orgId, {})).toHaveLength(3);
  });

  it('matches % and _ literally, not as wildcards', async () => {
    const { orgId } = await seed([
      { title: 'Rabat på 100% af gebyret' },
      { title: 'Rabat på 1000 kroner' },
      { title: 'Regel a_b' },
      { title: 'Regel axb' },
      { title: 'Sti c:\\d' },
    ]);
    expect(await titles(orgId, { text: '100%' })).toEqual(['Rabat på 100% af gebyret']);
    expect(await titles(orgId, { text: '%' })).toEqual(['Rabat på 100% af gebyret']);
    expect(await titles(orgId, { text: 'a_b' })).toEqual(['Regel a_b']);
    expect(await titles(orgId, { text: '_' })).toEqual(['Regel a_b']);
    expect(await titles(orgId, { text: 'c:\\d' })).toEqual(['Sti c:\\d']);
  });

  it('filters by authority, ruleset, status and bottom line', async () => {
    const { orgId } = await seed([
      { title: 'A', authority: 'Beskæftigelsesministeriet', summary: { bottomLine: 'negative' } },
      {
        title: 'B',
        authority: 'Social- og Boligministeriet',
        summary: { bottomLine: 'positive' },
        status: 'in-review',
      },
      {
        title: 'C',
        rulesetId: 'dk-kommune',
        authority: 'Aarhus Kommune',
        summary: { bottomLine: 'not-assessed' },
      },
      { title: 'D' },
    ]);
    expect(await titles(orgId, { authority: 'Beskæftigelsesministeriet' })).toEqual(['A']);
    expect(await titles(orgId, { rulesetId: 'dk-kommune' })).toEqual(['C']);
    expect(await titles(orgId, { rulesetId: 'dk-lovforslag' })).toEqual(['A', 'B', 'D']);
    expect(await titles(orgId, { status: 'in-review' })).toEqual(['B']);
    expect(await titles(orgId, { status: 'draft' })).toEqual(['A', 'C', 'D']);
    expect(await titles(orgId, { bottomLine: 'positive' })).toEqual(['B']);
    expect(await titles(orgId, { bottomLine: 'not-assessed' })).toEqual(['C']);
    // Danish order: »Aa« is »Å«, last.
    expect(await archive.authorities(orgId)).toEqual([
      'Beskæftigelsesministeriet',
      'Social- og Boligministeriet',
      'Aarhus Kommune',
    ]);
  });

  it('filters by a theme found: the whole id, not a part of a longer one', async () => {
    const { orgId } = await seed([
      { title: 'A', summary: { themes: ['work-communities', 'relocation'] } },
      { title: 'B', summary: { themes: ['relocation'] } },
      { title: 'C', summary: { themes: ['meeting-places'] } },
      { title: 'D' },
    ]);
    expect(await titles(orgId, { theme: 'relocation' })).toEqual(['A', 'B']);
    expect(await titles(orgId, { theme: 'work-communities' })).toEqual(['A']);
    expect(await titles(orgId, { theme: 'work' })).toEqual([]);
    expect(await titles(orgId, { theme: 'places' })).toEqual([]);
    const a = (await archive.search(orgId, { theme: 'work-communities' }, { limit: 10, offset: 0 })).rows[0];
    expect(a?.themes).toEqual(['work-communities', 'relocation']);
  });

  it('filters by the screening date or the creation date, days in Copenhagen time, both ends included', async () => {
    const { orgId } = await seed([
      // 1 April 00:30 in Copenhagen (summer time).
      {
        title: 'April',
        summary: { screenedAt: '2026-03-31T22:30:00.000Z' },
        createdAt: '2026-01-10T10:00:00.000Z',
      },
      {
        title: 'Marts',
        summary: { screenedAt: '2026-03-31T21:30:00.000Z' },
        createdAt: '2026-03-01T10:00:00.000Z',
      },
      { title: 'Aldrig screenet', createdAt: '2026-03-15T10:00:00.000Z' },
    ]);
    expect(await titles(orgId, { from: '2026-04-01' })).toEqual(['April']);
    expect(await titles(orgId, { to: '2026-03-31' })).toEqual(['Marts']);
    expect(await titles(orgId, { from: '2026-03-31', to: '2026-03-31' })).toEqual(['Marts']);
    expect(await titles(orgId, { from: '2026-04-01', to: '2026-04-01' })).toEqual(['April']);
    expect(await titles(orgId, { from: '2026-03-01', dateField: 'created' })).toEqual([
      'Aldrig screenet',
      'Marts',
    ]);
    expect(await titles(orgId, { to: '2026-01-10', dateField: 'created' })).toEqual(['April']);
  });

  it('combines filters: all must hold', async () => {
    const { orgId } = await seed([
      { title: 'Boliger 1', summary: { bottomLine: 'negative', themes: ['relocation'] }, status: 'approved' },
      { title: 'Boliger 2', summary: { bottomLine: 'negative', themes: ['meeting-places'] } },
      { title: 'Boliger 3', summary: { bottomLine: 'positive', themes: ['relocation'] } },
      { title: 'Skoler', summary: { bottomLine: 'negative', themes: ['relocation'] } },
    ]);
    expect(await titles(orgId, { text: 'boliger', bottomLine: 'negative', theme: 'relocation' })).toEqual([
      'Boliger 1',
    ]);
    expect(await titles(orgId, { text: 'boliger', bottomLine: 'negative', status: 'draft' })).toEqual([
      'Boliger 2',
    ]);
    expect(
      await titles(orgId, { text: 'boliger', from: '2026-05-01', to: '2026-05-01', theme: 'relocation' }),
    ).toEqual(['Boliger 1', 'Boliger 3']);
  });

  it("never shows another organisation's assessments: not in the search, the authorities or the counts", async () => {
    const mine = await seed([{ title: 'Fælles titel', summary: {} }]);
    const theirs = await seed([
      { title: 'Fælles titel', authority: 'Hemmeligt Ministerium', summary: {} },
      { title: 'Kun deres', summary: {} },
    ]);
    const hits = await archive.search(mine.orgId, { text: 'titel' }, { limit: 10, offset: 0 });
    expect(hits.rows.map((r) => r.id)).toEqual([mine.ids['Fælles titel']]);
    expect(await titles(mine.orgId, {})).toEqual(['Fælles titel']);
    expect(await archive.authorities(mine.orgId)).toEqual(['Social- og Boligministeriet']);
    expect((await archive.yearCounts(mine.orgId)).map((y) => y.screened)).toEqual([1]);
    expect(await archive.notAssessed(mine.orgId)).toHaveLength(1);
    expect(await titles(theirs.orgId, {})).toEqual(['Fælles titel', 'Kun deres']);
  });

  it('pages: newest first, a total of all hits', async () => {
    const items: Seed[] = Array.from({ length: 7 }, (_, i) => ({
      title: `Forslag ${i}`,
      summary: { screenedAt: `2026-02-0${i + 1}T10:00:00.000Z` },
    }));
    const { orgId } = await seed(items);
    const first = await archive.search(orgId, {}, { limit: 3, offset: 0 });
    expect(first.total).toBe(7);
    expect(first.rows.map((r) => r.title)).toEqual(['Forslag 6', 'Forslag 5', 'Forslag 4']);
    const last = await archive.search(orgId, {}, { limit: 3, offset: 6 });
    expect(last.rows.map((r) => r.title)).toEqual(['Forslag 0']);
    expect(last.total).toBe(7);
  });

  it('counts per year in Copenhagen time: screened, relevant, assessed, relevant but not assessed', async () => {
    const { orgId } = await seed([
      // 31 December 23:30 UTC is 1 January 00:30 in Copenhagen: it counts in 2026.
      { title: 'Nytår', summary: { screenedAt: '2025-12-31T23:30:00.000Z', bottomLine: 'negative' } },
      {
        title: 'Nytårsaften',
        summary: { screenedAt: '2025-12-31T22:30:00.000Z', bottomLine: 'not-assessed' },
      },
      { title: 'Ikke relevant', summary: { relevance: 'not-relevant', bottomLine: 'none' } },
      { title: 'Uafklaret', summary: { relevance: 'unknown', bottomLine: 'not-assessed' } },
      { title: 'Vurderet', summary: { bottomLine: 'none' } },
      { title: 'Mangler trin 2', summary: { bottomLine: 'not-assessed' }, reason: 'Hastebehandling' },
      { title: 'Ikke screenet' },
    ]);
    expect(await archive.yearCounts(orgId)).toEqual([
      { year: 2025, screened: 1, relevant: 1, assessed: 0, notAssessed: 1 },
      { year: 2026, screened: 5, relevant: 3, assessed: 2, notAssessed: 1 },
    ]);
    const list = await archive.notAssessed(orgId);
    expect(list.map((r) => [r.year, r.title, r.reason])).toEqual([
      [2026, 'Mangler trin 2', 'Hastebehandling'],
      [2025, 'Nytårsaften', null],
    ]);
  });

  it('a bill counts once: a version that has been superseded by a new one is left out of the counts', async () => {
    const { orgId } = await seed([
      { title: 'Version 1', summary: { bottomLine: 'not-assessed' }, status: 'approved' },
      { title: 'Version 2', summary: { bottomLine: 'negative' }, previousId: 'Version 1' },
    ]);
    expect(await archive.yearCounts(orgId)).toEqual([
      { year: 2026, screened: 1, relevant: 1, assessed: 1, notAssessed: 0 },
    ]);
    expect(await archive.notAssessed(orgId)).toEqual([]);
    // The archive still shows both: the older one marked as superseded.
    const rows = (await archive.search(orgId, {}, { limit: 10, offset: 0 })).rows;
    expect(rows.map((r) => [r.title, r.superseded]).sort()).toEqual([
      ['Version 1', true],
      ['Version 2', false],
    ]);
  });

  it('no screened assessments: no years', async () => {
    const { orgId } = await seed([{ title: `Kladde ${unique()}` }]);
    expect(await archive.yearCounts(orgId)).toEqual([]);
    expect(await archive.notAssessed(orgId)).toEqual([]);
  });
});
