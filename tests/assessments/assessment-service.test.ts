import { readFileSync } from 'node:fs';
import { assessmentService } from '../../src/assessments/assessment-service';
import { createDocumentPool } from '../../src/assessments/document-pool';
import { accountsRepository } from '../../src/db/accounts-repository';
import { assessmentsRepository } from '../../src/db/assessments-repository';
import { auditRepository } from '../../src/db/audit-repository';
import { freshDatabase, type TestDb } from '../helpers/test-databases';

const silent = { info: () => undefined, error: () => undefined };

describe('assessment service', () => {
  let db: TestDb;
  let pool: ReturnType<typeof createDocumentPool>;
  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    pool = createDocumentPool({ threads: 1, timeoutMs: 60_000, memoryMb: 1024 });
  });
  afterAll(async () => {
    await pool.close();
    await db.drop();
  });

  it('keeps the original file for the retention period, then deletes it with an audit event; the parse stays', async () => {
    const accounts = accountsRepository(db.db);
    const org = await accounts.createOrganisation('Aarhus Kommune', 'municipality');
    const user = await accounts.createUser({
      email: 'a@aarhus.dk',
      name: 'A',
      passwordHash: 'x',
      organisationId: org.id,
      role: 'author',
    });
    const member = await accounts.member(user.id);
    if (!member) throw new Error('no member');
    let clock = new Date('2026-11-24T12:00:00Z');
    const audit = auditRepository(db.db);
    const svc = assessmentService({
      repo: assessmentsRepository(db.db),
      audit,
      pool,
      retentionDays: 30,
      maxUploadBytes: 1e8,
      log: silent,
      now: () => clock,
    });
    const a = await svc.create(member, {
      title: 'Politik',
      authority: 'Aarhus Kommune',
      caseNumber: '',
      rulesetId: 'dk-kommune',
      mode: 'a',
    });
    const doc = await svc.upload(member, a.id, a.version, {
      fileName: 'politik.md',
      bytes: readFileSync('samples/kommune-politik.md'),
    });
    expect(doc.originalExpiresAt).toBe('2026-12-24T12:00:00.000Z');
    await svc.idle();
    clock = new Date('2026-12-24T11:59:59Z');
    expect(await svc.applyRetention()).toBe(0);
    clock = new Date('2026-12-24T12:00:01Z');
    expect(await svc.applyRetention()).toBe(1);
    const ws = await svc.workspace(member, a.id);
    expect(ws?.document?.hasOriginal).toBe(false);
    expect(ws?.analysis?.doc.kind).toBe('municipal-policy');
    const events = await audit.list(org.id);
    expect(events.map((e) => e.action)).toContain('original-deleted');
  });

  it('refuses an unknown ruleset when the assessment is created, not later', async () => {
    const accounts = accountsRepository(db.db);
    const org = await accounts.createOrganisation('Odense Kommune', 'municipality');
    const user = await accounts.createUser({
      email: 'b@odense.dk',
      name: 'B',
      passwordHash: 'x',
      organisationId: org.id,
      role: 'author',
    });
    const member = await accounts.member(user.id);
    if (!member) throw new Error('no member');
    const svc = assessmentService({
      repo: assessmentsRepository(db.db),
      audit: auditRepository(db.db),
      pool,
      retentionDays: 30,
      maxUploadBytes: 1e8,
      log: silent,
    });
    await expect(
      svc.create(member, { title: 'X', authority: 'Y', caseNumber: '', rulesetId: 'findes-ikke', mode: 'a' }),
    ).rejects.toThrow();
    expect(await svc.list(member)).toEqual([]);
  });
});
