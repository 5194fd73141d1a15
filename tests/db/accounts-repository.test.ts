import { accountsRepository } from '../../src/db/accounts-repository';
import { describeEachDatabase } from '../helpers/test-databases';
import { daysFromNow, orgWithUser, rejectionOf, unique, uniqueEmail } from './fixtures';

describeEachDatabase('accounts repository', (getDb) => {
  const accounts = () => accountsRepository(getDb().db);

  // Must stay first: the database is fresh for this describe block and no user exists yet.
  it('has no users in a fresh database, then has one after createUser', async () => {
    expect(await accounts().hasUsers()).toBe(false);
    const org = await accounts().createOrganisation(`First ${unique()}`, 'ministry', true);
    await accounts().createUser({
      email: uniqueEmail('first'),
      name: 'First admin',
      passwordHash: 'hash',
      organisationId: org.id,
      role: 'admin',
    });
    expect(await accounts().hasUsers()).toBe(true);
  });

  it('creates organisations and round-trips the host flag and kind', async () => {
    const hostName = `Host ${unique()}`;
    const otherName = `Other ${unique()}`;
    const host = await accounts().createOrganisation(hostName, 'network', true);
    const other = await accounts().createOrganisation(otherName, 'municipality');
    expect(host).toEqual({ id: expect.any(String), name: hostName, kind: 'network', isHost: true });
    expect(other).toEqual({ id: expect.any(String), name: otherName, kind: 'municipality', isHost: false });
    expect(host.id).not.toBe(other.id);

    const stored = await accounts().organisations();
    expect(stored).toContainEqual(host);
    expect(stored).toContainEqual(other);
  });

  it('stores the e-mail trimmed and lower-cased and creates the membership', async () => {
    const org = await accounts().createOrganisation(`Org ${unique()}`, 'ministry');
    const local = `Mixed.Case-${unique()}`;
    const user = await accounts().createUser({
      email: `  ${local}@Example.DK  `,
      name: 'Mette Jensen',
      passwordHash: 'secret-hash',
      organisationId: org.id,
      role: 'reviewer',
    });
    expect(user.email).toBe(`${local.toLowerCase()}@example.dk`);

    const row = await getDb()
      .db.selectFrom('users')
      .select(['email', 'name', 'password_hash'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ email: user.email, name: 'Mette Jensen', password_hash: 'secret-hash' });

    const memberships = await getDb()
      .db.selectFrom('memberships')
      .select(['organisation_id', 'role'])
      .where('user_id', '=', user.id)
      .execute();
    expect(memberships).toEqual([{ organisation_id: org.id, role: 'reviewer' }]);
  });

  it('rejects a second user with the same e-mail, whatever its case and spacing', async () => {
    const org = await accounts().createOrganisation(`Org ${unique()}`, 'ministry');
    const email = uniqueEmail('dup');
    const first = await accounts().createUser({
      email,
      name: 'First',
      passwordHash: 'h1',
      organisationId: org.id,
      role: 'author',
    });
    const error = await rejectionOf(
      accounts().createUser({
        email: ` ${email.toUpperCase()} `,
        name: 'Second',
        passwordHash: 'h2',
        organisationId: org.id,
        role: 'admin',
      }),
    );
    expect(error.message).toMatch(/unique/i);
    expect(await accounts().credentials(email)).toEqual({ id: first.id, passwordHash: 'h1' });
    expect((await accounts().members(org.id)).map((m) => m.name)).toEqual(['First']);
  });

  it('creates no user when the membership cannot be written (one transaction)', async () => {
    const email = uniqueEmail('orphan');
    const error = await rejectionOf(
      accounts().createUser({
        email,
        name: 'Orphan',
        passwordHash: 'h',
        organisationId: 'no-such-organisation',
        role: 'author',
      }),
    );
    expect(error.message).toMatch(/foreign key/i);
    expect(await accounts().credentials(email)).toBeUndefined();
    expect(await accounts().emailTaken(email)).toBe(false);
  });

  it('finds credentials by e-mail case-insensitively', async () => {
    const { org } = await orgWithUser(getDb().db);
    const email = uniqueEmail('login');
    const user = await accounts().createUser({
      email,
      name: 'Login',
      passwordHash: 'the-hash',
      organisationId: org.id,
      role: 'author',
    });
    expect(await accounts().credentials(email)).toEqual({ id: user.id, passwordHash: 'the-hash' });
    expect(await accounts().credentials(`  ${email.toUpperCase()}`)).toEqual({
      id: user.id,
      passwordHash: 'the-hash',
    });
    expect(await accounts().emailTaken(email.toUpperCase())).toBe(true);
    expect(await accounts().credentials(uniqueEmail('nobody'))).toBeUndefined();
  });

  it('returns the member with role and organisation', async () => {
    const org = await accounts().createOrganisation(`Kommune ${unique()}`, 'municipality', true);
    const user = await accounts().createUser({
      email: uniqueEmail('member'),
      name: 'Member',
      passwordHash: 'h',
      organisationId: org.id,
      role: 'admin',
    });
    expect(await accounts().member(user.id)).toEqual({
      id: user.id,
      email: user.email,
      name: 'Member',
      role: 'admin',
      organisation: { id: org.id, name: org.name, kind: 'municipality', isHost: true },
    });
    expect(await accounts().member('no-such-user')).toBeUndefined();
  });

  it("lists only the organisation's own members, with roles", async () => {
    const a = await accounts().createOrganisation(`A ${unique()}`, 'ministry');
    const b = await accounts().createOrganisation(`B ${unique()}`, 'ministry');
    const make = (name: string, organisationId: string, role: 'admin' | 'author' | 'reviewer') =>
      accounts().createUser({ email: uniqueEmail(), name, passwordHash: 'h', organisationId, role });
    const anna = await make('Anna', a.id, 'admin');
    const bo = await make('Bo', a.id, 'reviewer');
    const carl = await make('Carl', b.id, 'author');

    expect(await accounts().members(a.id)).toEqual([
      { id: anna.id, email: anna.email, name: 'Anna', role: 'admin' },
      { id: bo.id, email: bo.email, name: 'Bo', role: 'reviewer' },
    ]);
    expect(await accounts().members(b.id)).toEqual([
      { id: carl.id, email: carl.email, name: 'Carl', role: 'author' },
    ]);
    expect(await accounts().members('no-such-organisation')).toEqual([]);
  });

  describe('invitations', () => {
    it('creates an invitation and finds it by its token hash', async () => {
      const { org, user: admin } = await orgWithUser(getDb().db, { role: 'admin' });
      const tokenHash = `token-${unique()}`;
      const expiresAt = daysFromNow(7);
      const email = uniqueEmail('Invited');
      await accounts().createInvitation({
        tokenHash,
        organisationId: org.id,
        email: `  ${email.toUpperCase()} `,
        name: 'Invitee',
        role: 'reviewer',
        expiresAt,
        createdBy: admin.id,
      });
      expect(await accounts().invitation(tokenHash)).toEqual({
        organisationId: org.id,
        email: email.toLowerCase(),
        name: 'Invitee',
        role: 'reviewer',
        expiresAt,
      });
      expect(await accounts().invitation(`other-${tokenHash}`)).toBeUndefined();
    });

    it('lists pending invitations without expired, accepted or other organisations’ ones', async () => {
      const { org, user: admin } = await orgWithUser(getDb().db, { role: 'admin' });
      const { org: other, user: otherAdmin } = await orgWithUser(getDb().db, { role: 'admin' });
      const invite = async (organisationId: string, createdBy: string, expiresAt: string) => {
        const tokenHash = `token-${unique()}`;
        const email = uniqueEmail('inv');
        await accounts().createInvitation({
          tokenHash,
          organisationId,
          email,
          name: 'Invitee',
          role: 'author',
          expiresAt,
          createdBy,
        });
        return { tokenHash, email };
      };
      const pending = await invite(org.id, admin.id, daysFromNow(7));
      await invite(org.id, admin.id, daysFromNow(-1)); // expired
      const accepted = await invite(org.id, admin.id, daysFromNow(7));
      await invite(other.id, otherAdmin.id, daysFromNow(7)); // another organisation
      expect(await accounts().acceptInvitation(accepted.tokenHash, 'h', 'Accepted')).toBeDefined();

      const list = await accounts().pendingInvitations(org.id);
      expect(list.map((i) => i.email)).toEqual([pending.email]);
      expect(list[0]).toEqual({
        organisationId: org.id,
        email: pending.email,
        name: 'Invitee',
        role: 'author',
        expiresAt: expect.any(String),
      });
    });

    it('creates the user with the invited role and organisation, once only', async () => {
      const { org, user: admin } = await orgWithUser(getDb().db, { role: 'admin' });
      const tokenHash = `token-${unique()}`;
      const email = uniqueEmail('invitee');
      await accounts().createInvitation({
        tokenHash,
        organisationId: org.id,
        email,
        name: 'Name on the invitation',
        role: 'reviewer',
        expiresAt: daysFromNow(7),
        createdBy: admin.id,
      });

      const user = await accounts().acceptInvitation(tokenHash, 'chosen-hash', 'Chosen Name');
      expect(user).toEqual({ id: expect.any(String), email, name: 'Chosen Name' });
      const member = await accounts().member(user?.id ?? '');
      expect(member?.role).toBe('reviewer');
      expect(member?.organisation.id).toBe(org.id);
      expect(await accounts().credentials(email)).toEqual({ id: user?.id, passwordHash: 'chosen-hash' });

      const after = await accounts().invitation(tokenHash);
      expect(after?.acceptedAt).toEqual(expect.any(String));
      expect(await accounts().pendingInvitations(org.id)).toEqual([]);

      expect(await accounts().acceptInvitation(tokenHash, 'another-hash', 'Again')).toBeUndefined();
      expect(await accounts().credentials(email)).toEqual({ id: user?.id, passwordHash: 'chosen-hash' });
      expect(await accounts().members(org.id)).toHaveLength(2);
    });

    it('creates one user when the same invitation is accepted twice at once', async () => {
      const { org, user: admin } = await orgWithUser(getDb().db, { role: 'admin' });
      const tokenHash = `token-${unique()}`;
      const email = uniqueEmail('double-click');
      await accounts().createInvitation({
        tokenHash,
        organisationId: org.id,
        email,
        name: 'Double',
        role: 'author',
        expiresAt: daysFromNow(7),
        createdBy: admin.id,
      });
      const results = await Promise.allSettled([
        accounts().acceptInvitation(tokenHash, 'h1', 'One'),
        accounts().acceptInvitation(tokenHash, 'h2', 'Two'),
      ]);
      const users = results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
      expect(users).toHaveLength(1);
      expect(await accounts().members(org.id)).toHaveLength(2);
      expect((await accounts().credentials(email))?.id).toBe(users[0]?.id);
    });

    it('refuses an expired invitation and an unknown token', async () => {
      const { org, user: admin } = await orgWithUser(getDb().db, { role: 'admin' });
      const tokenHash = `token-${unique()}`;
      const email = uniqueEmail('late');
      await accounts().createInvitation({
        tokenHash,
        organisationId: org.id,
        email,
        name: 'Late',
        role: 'author',
        expiresAt: new Date(Date.now() - 1000).toISOString(),
        createdBy: admin.id,
      });
      expect(await accounts().acceptInvitation(tokenHash, 'h', 'Late')).toBeUndefined();
      expect(await accounts().acceptInvitation(`unknown-${unique()}`, 'h', 'Nobody')).toBeUndefined();
      expect(await accounts().credentials(email)).toBeUndefined();
      expect((await accounts().invitation(tokenHash))?.acceptedAt).toBeUndefined();
    });
  });

  describe('settings', () => {
    it('creates a setting once and returns the same value later without calling make again', async () => {
      const key = `session-secret-${unique()}`;
      const make = jest.fn(() => `value-${unique()}`);
      const first = await accounts().setting(key, make);
      expect(make).toHaveBeenCalledTimes(1);
      expect(first).toBe(make.mock.results[0]?.value);

      const again = jest.fn(() => 'must not be used');
      expect(await accounts().setting(key, again)).toBe(first);
      expect(again).not.toHaveBeenCalled();

      const otherKey = `other-${unique()}`;
      expect(await accounts().setting(otherKey, () => 'other value')).toBe('other value');
      expect(await accounts().setting(key, again)).toBe(first);
    });

    it('agrees on one value when two callers create the same setting at once', async () => {
      const key = `race-${unique()}`;
      const [a, b] = await Promise.all([
        accounts().setting(key, () => 'from a'),
        accounts().setting(key, () => 'from b'),
      ]);
      expect(a).toBe(b);
      expect(['from a', 'from b']).toContain(a);
    });
  });
});
