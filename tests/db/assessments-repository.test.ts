import { createHash, randomBytes } from 'node:crypto';
import {
  assessmentsRepository,
  type AnswerChange,
  type NewAssessment,
} from '../../src/db/assessments-repository';
import { ConflictError } from '../../src/db/conflict-error';
import { describeEachDatabase } from '../helpers/test-databases';
import { orgWithUser, tick } from './fixtures';

const FAR_FUTURE = '2999-01-01T00:00:00.000Z';

describeEachDatabase('assessments repository', (getDb) => {
  const repo = () => assessmentsRepository(getDb().db);

  /** An organisation with a member and one fresh assessment. */
  async function setup(overrides: Partial<NewAssessment> = {}) {
    const { org, user } = await orgWithUser(getDb().db);
    const assessment = await repo().create({
      organisationId: org.id,
      title: 'Forslag til lov om fællesskabshuse',
      authority: 'Social- og Boligministeriet',
      caseNumber: '2024-1234',
      rulesetId: 'dk-relational-v1',
      mode: 'a',
      createdBy: user.id,
      ...overrides,
    });
    return { org, user, assessment };
  }

  function upload(bytes: Uint8Array, by: string, fileName = 'forslag.pdf', keepOriginalUntil = FAR_FUTURE) {
    return {
      fileName,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      keepOriginalUntil,
      by,
    };
  }

  describe('assessments', () => {
    it('creates an assessment and reads it back (version 1, step document)', async () => {
      const { org, user, assessment } = await setup({ mode: 'b' });
      expect(assessment).toEqual({
        id: expect.any(String),
        organisationId: org.id,
        title: 'Forslag til lov om fællesskabshuse',
        authority: 'Social- og Boligministeriet',
        caseNumber: '2024-1234',
        rulesetId: 'dk-relational-v1',
        mode: 'b',
        version: 1,
        step: 'document',
        status: 'draft',
        signOff: {},
        createdBy: user.id,
        createdAt: expect.any(String),
        updatedAt: assessment.createdAt,
      });
      const read = await repo().get(org.id, assessment.id);
      expect(read).toEqual(assessment);
      expect(typeof read?.version).toBe('number');
    });

    it("does not find another organisation's assessment", async () => {
      const { assessment } = await setup();
      const { org: other } = await orgWithUser(getDb().db);
      expect(await repo().get(other.id, assessment.id)).toBeUndefined();
      expect(await repo().get(assessment.organisationId, 'no-such-id')).toBeUndefined();
    });

    it("lists only the organisation's own assessments, most recently updated first", async () => {
      const { org, user, assessment: first } = await setup({ title: 'First' });
      await tick();
      const second = await repo().create({
        organisationId: org.id,
        title: 'Second',
        authority: 'A',
        caseNumber: '2',
        rulesetId: 'r',
        mode: 'a',
        createdBy: user.id,
      });
      await setup({ title: 'Someone else’s' });

      expect((await repo().list(org.id)).map((a) => a.id)).toEqual([second.id, first.id]);
      await tick();
      await repo().update(org.id, first.id, 1, { title: 'First, edited' });
      const list = await repo().list(org.id);
      expect(list.map((a) => a.title)).toEqual(['First, edited', 'Second']);
      expect(list.every((a) => a.organisationId === org.id)).toBe(true);
    });

    it('updates with the current version: bumps the version and changes the fields', async () => {
      const { org, assessment } = await setup();
      await tick();
      const version = await repo().update(org.id, assessment.id, 1, {
        title: 'New title',
        authority: 'Indenrigsministeriet',
        caseNumber: '2025-9',
        mode: 'b',
        rulesetId: 'dk-relational-v2',
      });
      expect(version).toBe(2);
      const read = await repo().get(org.id, assessment.id);
      expect(read).toEqual({
        ...assessment,
        title: 'New title',
        authority: 'Indenrigsministeriet',
        caseNumber: '2025-9',
        mode: 'b',
        rulesetId: 'dk-relational-v2',
        version: 2,
        updatedAt: expect.any(String),
      });
      expect(read && read.updatedAt > assessment.updatedAt).toBe(true);

      // A partial patch changes only what it names.
      expect(await repo().update(org.id, assessment.id, 2, { title: 'Only the title' })).toBe(3);
      expect(await repo().get(org.id, assessment.id)).toMatchObject({
        title: 'Only the title',
        authority: 'Indenrigsministeriet',
        version: 3,
      });
    });

    it('refuses an update with a stale version with a ConflictError and changes nothing', async () => {
      const { org, assessment } = await setup();
      await repo().update(org.id, assessment.id, 1, { title: 'Saved by someone else' });
      const before = await repo().get(org.id, assessment.id);

      const attempt = repo().update(org.id, assessment.id, 1, { title: 'Mine', caseNumber: 'X' });
      await expect(attempt).rejects.toBeInstanceOf(ConflictError);
      await expect(attempt).rejects.toMatchObject({ expected: 1, current: 2, name: 'ConflictError' });
      expect(await repo().get(org.id, assessment.id)).toEqual(before);
    });

    it("cannot update another organisation's assessment", async () => {
      const { assessment } = await setup();
      const { org: other } = await orgWithUser(getDb().db);
      await expect(repo().update(other.id, assessment.id, 1, { title: 'Hijacked' })).rejects.toThrow(
        /findes ikke/,
      );
      expect(await repo().get(assessment.organisationId, assessment.id)).toEqual(assessment);
    });

    it('sets the step without a version check, only within the organisation', async () => {
      const { org, assessment } = await setup();
      const { org: other } = await orgWithUser(getDb().db);
      await repo().setStep(org.id, assessment.id, 'stage2');
      await repo().setStep(other.id, assessment.id, 'outcome');
      expect(await repo().get(org.id, assessment.id)).toMatchObject({ step: 'stage2', version: 1 });
    });
  });

  describe('document versions', () => {
    it('adds documents: bumps the version, numbers them 1, 2, … and sets step processing', async () => {
      const { org, user, assessment } = await setup();
      const bytes1 = new Uint8Array([0, 1, 2, 255, 254, 0, 10, 13]);
      const first = await repo().addDocument(org.id, assessment.id, 1, upload(bytes1, user.id, 'v1.pdf'));
      expect(first.version).toBe(2);
      expect(first.document).toEqual({
        id: expect.any(String),
        assessmentId: assessment.id,
        number: 1,
        fileName: 'v1.pdf',
        size: bytes1.length,
        sha256: createHash('sha256').update(bytes1).digest('hex'),
        status: 'queued',
        progress: 'queued',
        originalExpiresAt: FAR_FUTURE,
        hasOriginal: true,
        createdBy: user.id,
        createdAt: expect.any(String),
      });
      expect(await repo().get(org.id, assessment.id)).toMatchObject({ version: 2, step: 'processing' });

      const bytes2 = new Uint8Array(randomBytes(200_000));
      const second = await repo().addDocument(org.id, assessment.id, 2, upload(bytes2, user.id, 'v2.docx'));
      expect(second.version).toBe(3);
      expect(second.document.number).toBe(2);
      expect(second.document.size).toBe(200_000);

      const o1 = await repo().original(first.document.id);
      const o2 = await repo().original(second.document.id);
      expect(o1?.fileName).toBe('v1.pdf');
      expect(o1 && Buffer.from(o1.bytes).equals(Buffer.from(bytes1))).toBe(true);
      expect(o2?.fileName).toBe('v2.docx');
      expect(o2 && Buffer.from(o2.bytes).equals(Buffer.from(bytes2))).toBe(true);
      expect(o2?.bytes).toBeInstanceOf(Uint8Array);

      const docs = await repo().documents(org.id, assessment.id);
      expect(docs.map((d) => d.number)).toEqual([2, 1]);
      expect(docs[1]).toEqual(first.document);
      expect(docs[0]).toEqual(second.document);
      expect(await repo().latestDocument(org.id, assessment.id)).toEqual(second.document);
    });

    it('refuses a document with a stale version and stores nothing', async () => {
      const { org, user, assessment } = await setup();
      await repo().update(org.id, assessment.id, 1, { title: 'Edited' });
      await expect(
        repo().addDocument(org.id, assessment.id, 1, upload(new Uint8Array([1, 2, 3]), user.id)),
      ).rejects.toMatchObject({ expected: 1, current: 2 });
      expect(await repo().documents(org.id, assessment.id)).toEqual([]);
      expect(await repo().get(org.id, assessment.id)).toMatchObject({ version: 2, step: 'document' });
    });

    it("keeps documents from other organisations: [] and undefined, and no upload to another's assessment", async () => {
      const { org, user, assessment } = await setup();
      const { org: other, user: stranger } = await orgWithUser(getDb().db);
      await repo().addDocument(org.id, assessment.id, 1, upload(new Uint8Array([9]), user.id));
      expect(await repo().documents(other.id, assessment.id)).toEqual([]);
      expect(await repo().latestDocument(other.id, assessment.id)).toBeUndefined();
      await expect(
        repo().addDocument(other.id, assessment.id, 2, upload(new Uint8Array([6]), stranger.id)),
      ).rejects.toThrow(/findes ikke/);
      expect(await repo().documents(org.id, assessment.id)).toHaveLength(1);
    });

    it('records progress, then the finished output', async () => {
      const { org, user, assessment } = await setup();
      const { document } = await repo().addDocument(
        org.id,
        assessment.id,
        1,
        upload(new Uint8Array([1]), user.id),
      );
      expect(await repo().documentData(document.id)).toBeUndefined();

      await repo().setProgress(document.id, 'processing', 'parse');
      expect(await repo().latestDocument(org.id, assessment.id)).toMatchObject({
        status: 'processing',
        progress: 'parse',
      });
      expect(await repo().documentData(document.id)).toBeUndefined();

      const out = { text: 'Æ ø å § 1. Loven gælder.', documentJson: '{"sections":[]}', findingsJson: '[]' };
      await repo().finishDocument(document.id, out);
      expect(await repo().documentData(document.id)).toEqual(out);
      const done = await repo().latestDocument(org.id, assessment.id);
      expect(done).toMatchObject({ status: 'done', progress: 'done', finishedAt: expect.any(String) });
      expect(done?.error).toBeUndefined();
    });

    it('a progress report that arrives after the end never turns a done or failed document back into processing', async () => {
      // Progress is reported without waiting: on PostgreSQL's pool the last report can overtake the finish.
      const { org, user, assessment } = await setup();
      const { document } = await repo().addDocument(
        org.id,
        assessment.id,
        1,
        upload(new Uint8Array([1]), user.id),
      );
      await repo().setProgress(document.id, 'processing', 'detect');
      await repo().finishDocument(document.id, { text: 't', documentJson: '{}', findingsJson: '[]' });
      await repo().setProgress(document.id, 'processing', 'detect');
      expect(await repo().latestDocument(org.id, assessment.id)).toMatchObject({
        status: 'done',
        progress: 'done',
      });

      const second = await repo().addDocument(org.id, assessment.id, 2, upload(new Uint8Array([2]), user.id));
      await repo().failDocument(second.document.id, { da: 'Beskadiget fil.', en: 'Damaged file.' });
      await repo().setProgress(second.document.id, 'processing', 'parse');
      expect(await repo().latestDocument(org.id, assessment.id)).toMatchObject({ status: 'failed' });
    });

    it('keeps an empty extracted text as a finished result', async () => {
      const { org, user, assessment } = await setup();
      const { document } = await repo().addDocument(
        org.id,
        assessment.id,
        1,
        upload(new Uint8Array([1]), user.id),
      );
      await repo().finishDocument(document.id, { text: '', documentJson: '{}', findingsJson: '[]' });
      expect(await repo().documentData(document.id)).toEqual({
        text: '',
        documentJson: '{}',
        findingsJson: '[]',
      });
    });

    it('records a failure with its Danish and English messages', async () => {
      const { org, user, assessment } = await setup();
      const { document } = await repo().addDocument(
        org.id,
        assessment.id,
        1,
        upload(new Uint8Array([1]), user.id),
      );
      await repo().failDocument(document.id, {
        da: 'Filen kunne ikke læses',
        en: 'The file could not be read',
      });
      const failed = await repo().latestDocument(org.id, assessment.id);
      expect(failed).toMatchObject({
        status: 'failed',
        progress: 'failed',
        error: { da: 'Filen kunne ikke læses', en: 'The file could not be read' },
        finishedAt: expect.any(String),
      });
      expect(await repo().documentData(document.id)).toBeUndefined();
    });

    it('lists only queued and processing versions as unfinished', async () => {
      const { org, user, assessment } = await setup();
      const add = async (expected: number) =>
        (
          await repo().addDocument(
            org.id,
            assessment.id,
            expected,
            upload(new Uint8Array([expected]), user.id),
          )
        ).document.id;
      const queued = await add(1);
      const processing = await add(2);
      const done = await add(3);
      const failed = await add(4);
      await repo().setProgress(processing, 'processing', 'detect');
      await repo().finishDocument(done, { text: 't', documentJson: '{}', findingsJson: '[]' });
      await repo().failDocument(failed, { da: 'fejl', en: 'error' });

      const mine = (await repo().unfinishedDocuments()).filter((d) => d.assessmentId === assessment.id);
      expect(mine).toEqual([
        { id: queued, assessmentId: assessment.id, rulesetId: 'dk-relational-v1' },
        { id: processing, assessmentId: assessment.id, rulesetId: 'dk-relational-v1' },
      ]);
    });

    it('deletes only expired originals and returns them', async () => {
      const { org, user, assessment } = await setup();
      const at = '2050-06-01T00:00:00.000Z';
      const expired = await repo().addDocument(
        org.id,
        assessment.id,
        1,
        upload(new Uint8Array([1, 2]), user.id, 'old.pdf', '2050-05-31T23:59:59.999Z'),
      );
      const exactlyDue = await repo().addDocument(
        org.id,
        assessment.id,
        2,
        upload(new Uint8Array([3]), user.id, 'due.pdf', at),
      );
      const kept = await repo().addDocument(
        org.id,
        assessment.id,
        3,
        upload(new Uint8Array([4, 5]), user.id, 'new.pdf', '2050-06-01T00:00:00.001Z'),
      );

      const deleted = await repo().deleteExpiredOriginals(at);
      const mine = deleted.filter((d) => d.assessmentId === assessment.id);
      expect(mine.map((d) => d.id).sort()).toEqual([expired.document.id, exactlyDue.document.id].sort());
      expect(deleted.map((d) => d.id)).not.toContain(kept.document.id);

      expect(await repo().original(expired.document.id)).toBeUndefined();
      expect(await repo().original(exactlyDue.document.id)).toBeUndefined();
      const still = await repo().original(kept.document.id);
      expect(still && Buffer.from(still.bytes).equals(Buffer.from([4, 5]))).toBe(true);

      const docs = await repo().documents(org.id, assessment.id);
      expect(docs.map((d) => [d.fileName, d.hasOriginal])).toEqual([
        ['new.pdf', true],
        ['due.pdf', false],
        ['old.pdf', false],
      ]);
      // The metadata survives the retention.
      expect(docs[2]).toMatchObject({ size: 2, sha256: expired.document.sha256 });

      // Nothing left to delete the second time.
      const again = await repo().deleteExpiredOriginals(at);
      expect(again.filter((d) => d.assessmentId === assessment.id)).toEqual([]);
    });
  });

  describe('answers', () => {
    const yes: AnswerChange = { key: 'trigger:t1', value: { value: 'yes' } };
    const q1: AnswerChange = {
      key: 'question:q1',
      value: {
        affected: 'yes',
        direction: 'negative',
        magnitude: 2,
        groups: [{ name: 'Ældre', estimate: 1200 }],
        evidence: { text: 'Registerdata', grade: 'register-data' },
      },
    };

    it('saves triggers and questions and reads them back in the Answers shape', async () => {
      const { org, user, assessment } = await setup();
      const version = await repo().saveAnswers(org.id, assessment.id, 1, [yes, q1], user.id);
      expect(version).toBe(2);
      expect(await repo().answers(org.id, assessment.id)).toEqual({
        triggers: { t1: { value: 'yes' } },
        questions: { q1: q1.value },
      });
      expect(await repo().get(org.id, assessment.id)).toMatchObject({ version: 2, step: 'document' });
    });

    it('sets the step with the answers when asked', async () => {
      const { org, user, assessment } = await setup();
      await repo().saveAnswers(org.id, assessment.id, 1, [yes], user.id, 'stage2');
      expect(await repo().get(org.id, assessment.id)).toMatchObject({ version: 2, step: 'stage2' });
    });

    it('keeps ids that contain a colon intact', async () => {
      const { org, user, assessment } = await setup();
      await repo().saveAnswers(
        org.id,
        assessment.id,
        1,
        [{ key: 'trigger:a:b', value: { value: 'no' } }],
        user.id,
      );
      expect(await repo().answers(org.id, assessment.id)).toEqual({
        triggers: { 'a:b': { value: 'no' } },
        questions: {},
      });
    });

    it('upserts on a second save and keeps every change in the history, in order', async () => {
      const { org, user, assessment } = await setup();
      const { user: colleague } = await orgWithUser(getDb().db);
      await repo().saveAnswers(org.id, assessment.id, 1, [yes], user.id);
      await tick();
      const no: AnswerChange = { key: 'trigger:t1', value: { value: 'no', note: 'Ikke relevant' } };
      await repo().saveAnswers(org.id, assessment.id, 2, [no, q1], colleague.id);
      await tick();
      const unknown: AnswerChange = { key: 'trigger:t1', value: { value: 'unknown' } };
      expect(await repo().saveAnswers(org.id, assessment.id, 3, [unknown], user.id)).toBe(4);

      expect(await repo().answers(org.id, assessment.id)).toEqual({
        triggers: { t1: { value: 'unknown' } },
        questions: { q1: q1.value },
      });
      const answerRows = await getDb()
        .db.selectFrom('answers')
        .select(['key', 'updated_by'])
        .where('assessment_id', '=', assessment.id)
        .orderBy('key')
        .execute();
      expect(answerRows).toEqual([
        { key: 'question:q1', updated_by: colleague.id },
        { key: 'trigger:t1', updated_by: user.id },
      ]);

      const history = await repo().answerHistory(org.id, assessment.id);
      expect(history.filter((h) => h.key === 'trigger:t1').map((h) => [h.value, h.by])).toEqual([
        [{ value: 'yes' }, user.id],
        [{ value: 'no', note: 'Ikke relevant' }, colleague.id],
        [{ value: 'unknown' }, user.id],
      ]);
      expect(history).toHaveLength(4);
      expect(history.map((h) => h.at)).toEqual([...history.map((h) => h.at)].sort());
    });

    it('keeps the history of one save in the order the changes were made', async () => {
      const { org, user, assessment } = await setup();
      // Deliberately not in key order: the history must follow the order of the changes, not of the keys.
      const changes: AnswerChange[] = [
        { key: 'trigger:zz', value: { value: 'yes' } },
        { key: 'question:mm', value: { affected: 'no' } },
        { key: 'trigger:aa', value: { value: 'no' } },
      ];
      await repo().saveAnswers(org.id, assessment.id, 1, changes, user.id);
      const history = await repo().answerHistory(org.id, assessment.id);
      expect(history.map((h) => h.key)).toEqual(['trigger:zz', 'question:mm', 'trigger:aa']);
    });

    it('refuses a stale version with a ConflictError and writes no answer', async () => {
      const { org, user, assessment } = await setup();
      await repo().saveAnswers(org.id, assessment.id, 1, [yes], user.id);
      const attempt = repo().saveAnswers(
        org.id,
        assessment.id,
        1,
        [{ key: 'trigger:t1', value: { value: 'no' } }, q1],
        user.id,
        'check',
      );
      await expect(attempt).rejects.toBeInstanceOf(ConflictError);
      await expect(attempt).rejects.toMatchObject({ expected: 1, current: 2 });
      expect(await repo().answers(org.id, assessment.id)).toEqual({
        triggers: { t1: { value: 'yes' } },
        questions: {},
      });
      expect(await repo().answerHistory(org.id, assessment.id)).toHaveLength(1);
      expect(await repo().get(org.id, assessment.id)).toMatchObject({ version: 2, step: 'document' });
    });

    it('gives another organisation empty answers and no history, and refuses its writes', async () => {
      const { org, user, assessment } = await setup();
      const { org: other, user: stranger } = await orgWithUser(getDb().db);
      await repo().saveAnswers(org.id, assessment.id, 1, [yes, q1], user.id);
      expect(await repo().answers(other.id, assessment.id)).toEqual({ triggers: {}, questions: {} });
      expect(await repo().answerHistory(other.id, assessment.id)).toEqual([]);
      await expect(
        repo().saveAnswers(
          other.id,
          assessment.id,
          2,
          [{ key: 'trigger:t1', value: { value: 'no' } }],
          stranger.id,
        ),
      ).rejects.toThrow(/findes ikke/);
      expect((await repo().answers(org.id, assessment.id)).triggers).toEqual({ t1: { value: 'yes' } });
    });

    it('lets exactly one of two concurrent saves with the same version win', async () => {
      const { org, user, assessment } = await setup();
      const results = await Promise.allSettled([
        repo().saveAnswers(
          org.id,
          assessment.id,
          1,
          [{ key: 'trigger:t1', value: { value: 'yes' } }],
          user.id,
        ),
        repo().saveAnswers(
          org.id,
          assessment.id,
          1,
          [{ key: 'trigger:t1', value: { value: 'no' } }],
          user.id,
        ),
      ]);
      const fulfilled = results.filter((r) => r.status === 'fulfilled');
      const rejected = results.filter((r) => r.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(fulfilled[0]).toEqual({ status: 'fulfilled', value: 2 });
      const reason: unknown = rejected[0]?.status === 'rejected' ? rejected[0].reason : undefined;
      expect(reason).toBeInstanceOf(ConflictError);
      expect(reason).toMatchObject({ expected: 1, current: 2 });

      const winner = results[0]?.status === 'fulfilled' ? 'yes' : 'no';
      expect(await repo().answers(org.id, assessment.id)).toEqual({
        triggers: { t1: { value: winner } },
        questions: {},
      });
      expect(await repo().answerHistory(org.id, assessment.id)).toHaveLength(1);
      expect((await repo().get(org.id, assessment.id))?.version).toBe(2);
    });

    it('lets only one of six concurrent saves with the same version win', async () => {
      const { org, user, assessment } = await setup();
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          repo().saveAnswers(
            org.id,
            assessment.id,
            1,
            [{ key: `question:q${i}`, value: { affected: 'yes' } }],
            user.id,
          ),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await repo().get(org.id, assessment.id))?.version).toBe(2);
      expect(Object.keys((await repo().answers(org.id, assessment.id)).questions)).toHaveLength(1);
    });
  });

  it('starts a new assessment with empty answers and no documents', async () => {
    const { org, assessment } = await setup();
    expect(await repo().answers(org.id, assessment.id)).toEqual({ triggers: {}, questions: {} });
    expect(await repo().documents(org.id, assessment.id)).toEqual([]);
    expect(await repo().latestDocument(org.id, assessment.id)).toBeUndefined();
  });
});
