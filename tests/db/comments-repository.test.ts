import { accountsRepository } from '../../src/db/accounts-repository';
import { assessmentsRepository } from '../../src/db/assessments-repository';
import { commentsRepository } from '../../src/db/comments-repository';
import { describeEachDatabase } from '../helpers/test-databases';

describeEachDatabase('comments repository', (getDb) => {
  async function setup(name: string) {
    const accounts = accountsRepository(getDb().db);
    const org = await accounts.createOrganisation(name, 'ministry');
    const user = await accounts.createUser({
      email: `${name.toLowerCase()}@x.dk`,
      name,
      passwordHash: 'x',
      organisationId: org.id,
      role: 'reviewer',
    });
    const a = await assessmentsRepository(getDb().db).create({
      organisationId: org.id,
      title: 'T',
      authority: 'A',
      caseNumber: '',
      rulesetId: 'dk-lovforslag',
      mode: 'a',
      createdBy: user.id,
    });
    return { org, user, a, repo: commentsRepository(getDb().db) };
  }

  it('threads replies under their comment with its target, resolves a thread once, and keeps organisations apart', async () => {
    const { org, user, a, repo } = await setup('Alfa');
    const other = await setup('Beta');
    const c = await repo.add(org.id, {
      assessmentId: a.id,
      target: 'question:formation',
      body: 'Hvorfor?',
      author: user,
    });
    expect(c).toBeDefined();
    const r = await repo.add(org.id, {
      assessmentId: a.id,
      parentId: c?.id as string,
      target: 'general',
      body: 'Derfor.',
      author: user,
    });
    expect(r?.target).toBe('question:formation');
    // No replies to replies, none across assessments or organisations.
    expect(
      await repo.add(org.id, {
        assessmentId: a.id,
        parentId: r?.id as string,
        target: 'general',
        body: 'x',
        author: user,
      }),
    ).toBeUndefined();
    expect(
      await repo.add(other.org.id, { assessmentId: a.id, target: 'general', body: 'x', author: other.user }),
    ).toBeUndefined();
    expect(await repo.list(other.org.id, a.id)).toEqual([]);
    expect((await repo.list(org.id, a.id)).map((x) => x.body)).toEqual(['Hvorfor?', 'Derfor.']);
    expect(await repo.resolve(other.org.id, a.id, c?.id as string, 'Beta')).toBe(false);
    expect(await repo.resolve(org.id, a.id, r?.id as string, 'Alfa')).toBe(false);
    expect(await repo.resolve(org.id, a.id, c?.id as string, 'Alfa')).toBe(true);
    expect(await repo.resolve(org.id, a.id, c?.id as string, 'Alfa')).toBe(false);
    expect((await repo.list(org.id, a.id))[0]?.resolved?.by).toBe('Alfa');
  });
});
