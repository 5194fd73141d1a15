import { accountsRepository } from '../../src/db/accounts-repository';
import { assessmentsRepository } from '../../src/db/assessments-repository';
import { guestsRepository } from '../../src/db/guests-repository';
import type { OrganisationKind } from '../../src/domain/assessment';
import { describeEachDatabase } from '../helpers/test-databases';

describeEachDatabase('guests repository', (getDb) => {
  let n = 0;
  async function organisation(name: string, kind: OrganisationKind) {
    const accounts = accountsRepository(getDb().db);
    const org = await accounts.createOrganisation(name, kind);
    n++;
    const user = await accounts.createUser({
      email: `bruger${n}@${name.toLowerCase()}.dk`,
      name: `${name} bruger`,
      passwordHash: 'x',
      organisationId: org.id,
      role: 'reviewer',
    });
    return { org, user };
  }
  async function assessment(orgId: string, userId: string, title: string) {
    return assessmentsRepository(getDb().db).create({
      organisationId: orgId,
      title,
      authority: 'A',
      caseNumber: '',
      rulesetId: 'dk-lovforslag',
      mode: 'a',
      createdBy: userId,
    });
  }

  it('finds invitees only in network organisations, by e-mail in any case', async () => {
    const repo = guestsRepository(getDb().db);
    const net = await organisation('Netvaerket', 'network');
    const ministry = await organisation('Ministeriet', 'ministry');
    expect(await repo.networkUser(` ${net.user.email.toUpperCase()} `)).toEqual({
      id: net.user.id,
      name: net.user.name,
    });
    expect(await repo.networkUser(ministry.user.email)).toBeUndefined();
    expect(await repo.networkUser('ingen@nowhere.dk')).toBeUndefined();
  });

  it('grants one assessment of the owning organisation only, lists, revokes, and forgets grants with the assessment', async () => {
    const repo = guestsRepository(getDb().db);
    const net = await organisation('Netto', 'network');
    const owner = await organisation('Ejer', 'ministry');
    const stranger = await organisation('Fremmed', 'ministry');
    const a = await assessment(owner.org.id, owner.user.id, 'Delt forslag');
    const b = await assessment(owner.org.id, owner.user.id, 'Ikke delt forslag');

    // Another organisation cannot share what is not theirs.
    expect(await repo.grant(stranger.org.id, a.id, net.user.id, stranger.user.id)).toBe(false);
    expect(await repo.ownerFor(net.user.id, a.id)).toBeUndefined();

    expect(await repo.grant(owner.org.id, a.id, net.user.id, owner.user.id)).toBe(true);
    expect(await repo.grant(owner.org.id, a.id, net.user.id, owner.user.id)).toBe(true); // twice is harmless
    expect(await repo.ownerFor(net.user.id, a.id)).toEqual({
      id: owner.org.id,
      name: 'Ejer',
      kind: 'ministry',
      isHost: false,
    });
    expect(await repo.ownerFor(net.user.id, b.id)).toBeUndefined();
    expect(await repo.ownerFor(stranger.user.id, a.id)).toBeUndefined();
    expect((await repo.sharedWith(net.user.id)).map((s) => [s.title, s.organisationName])).toEqual([
      ['Delt forslag', 'Ejer'],
    ]);
    const guests = await repo.guests(owner.org.id, a.id);
    expect(guests.map((g) => [g.name, g.organisationName])).toEqual([['Netto bruger', 'Netto']]);
    expect(await repo.guests(stranger.org.id, a.id)).toEqual([]);

    // Only the owning organisation revokes.
    expect(await repo.revoke(stranger.org.id, a.id, net.user.id)).toBe(false);
    expect(await repo.ownerFor(net.user.id, a.id)).toBeDefined();
    expect(await repo.revoke(owner.org.id, a.id, net.user.id)).toBe(true);
    expect(await repo.ownerFor(net.user.id, a.id)).toBeUndefined();
    expect(await repo.revoke(owner.org.id, a.id, net.user.id)).toBe(false);

    await repo.grant(owner.org.id, b.id, net.user.id, owner.user.id);
    expect(await assessmentsRepository(getDb().db).delete(owner.org.id, b.id)).toBe(true);
    expect(await repo.sharedWith(net.user.id)).toEqual([]);
  });
});
