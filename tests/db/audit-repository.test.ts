import { assessmentsRepository } from '../../src/db/assessments-repository';
import { auditRepository } from '../../src/db/audit-repository';
import { describeEachDatabase } from '../helpers/test-databases';
import { orgWithUser, tick } from './fixtures';

describeEachDatabase('audit repository', (getDb) => {
  const audit = () => auditRepository(getDb().db);

  it("records events and lists the organisation's own, newest first, with their details", async () => {
    const { org, user } = await orgWithUser(getDb().db);
    const { org: other, user: stranger } = await orgWithUser(getDb().db);
    const assessment = await assessmentsRepository(getDb().db).create({
      organisationId: org.id,
      title: 't',
      authority: 'a',
      caseNumber: 'c',
      rulesetId: 'r',
      mode: 'a',
      createdBy: user.id,
    });

    await audit().record({ organisationId: org.id, userId: user.id, action: 'login' });
    await tick();
    await audit().record({
      organisationId: org.id,
      userId: user.id,
      assessmentId: assessment.id,
      action: 'answers-saved',
      detail: { keys: ['trigger:t1', 'question:q1'], version: 3, nested: { ok: true, note: 'Æblegrød' } },
    });
    await tick();
    await audit().record({ organisationId: other.id, userId: stranger.id, action: 'login' });
    await audit().record({ action: 'login-failed', detail: { email: 'x@example.dk' } });
    await tick();
    await audit().record({ organisationId: org.id, action: 'document-uploaded', detail: { size: 12 } });

    const events = await audit().list(org.id);
    expect(events).toEqual([
      { organisationId: org.id, action: 'document-uploaded', detail: { size: 12 }, at: expect.any(String) },
      {
        organisationId: org.id,
        userId: user.id,
        assessmentId: assessment.id,
        action: 'answers-saved',
        detail: { keys: ['trigger:t1', 'question:q1'], version: 3, nested: { ok: true, note: 'Æblegrød' } },
        at: expect.any(String),
      },
      { organisationId: org.id, userId: user.id, action: 'login', detail: {}, at: expect.any(String) },
    ]);
    const times = events.map((e) => e.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Date(times[0] ?? '').toISOString()).toBe(times[0]);

    expect((await audit().list(other.id)).map((e) => [e.action, e.userId])).toEqual([['login', stranger.id]]);
  });

  it('returns at most `limit` events, the newest', async () => {
    const { org } = await orgWithUser(getDb().db);
    for (const n of [1, 2, 3]) {
      await audit().record({ organisationId: org.id, action: `event-${n}` });
      await tick();
    }
    expect((await audit().list(org.id, 2)).map((e) => e.action)).toEqual(['event-3', 'event-2']);
  });

  it('lists nothing for an organisation without events', async () => {
    const { org } = await orgWithUser(getDb().db);
    expect(await audit().list(org.id)).toEqual([]);
  });
});
