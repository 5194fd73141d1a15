import { createHash } from 'node:crypto';
import { apiTokensRepository } from '../../src/db/api-tokens-repository';
import { describeEachDatabase } from '../helpers/test-databases';
import { orgWithUser } from './fixtures';

describeEachDatabase('api tokens repository', (getDb) => {
  let clock = new Date('2026-03-01T09:00:00.000Z');
  const tokens = () => apiTokensRepository(getDb().db, { now: () => clock });

  it('creates an rt_ token, stores only its SHA-256 and a 10-character prefix', async () => {
    const { org, user } = await orgWithUser(getDb().db);
    const { token, apiToken } = await tokens().create({
      userId: user.id,
      organisationId: org.id,
      name: 'Sagssystem',
    });
    expect(token).toMatch(/^rt_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toEqual({
      id: expect.any(String),
      userId: user.id,
      organisationId: org.id,
      name: 'Sagssystem',
      prefix: token.slice(0, 10),
      createdAt: clock.toISOString(),
    });
    const row = await getDb()
      .db.selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', apiToken.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(row.prefix).toBe(token.slice(0, 10));
    // The token itself is in no column.
    expect(Object.values(row)).not.toContain(token);
  });

  it('two tokens are different', async () => {
    const { org, user } = await orgWithUser(getDb().db);
    const a = await tokens().create({ userId: user.id, organisationId: org.id, name: 'a' });
    const b = await tokens().create({ userId: user.id, organisationId: org.id, name: 'b' });
    expect(a.token).not.toBe(b.token);
    expect(a.apiToken.id).not.toBe(b.apiToken.id);
  });

  it('lists only the user’s own tokens, newest first, without any hash', async () => {
    const { org, user } = await orgWithUser(getDb().db);
    const other = await orgWithUser(getDb().db);
    await tokens().create({ userId: other.user.id, organisationId: other.org.id, name: 'Fremmed' });
    clock = new Date(clock.getTime() + 1000);
    await tokens().create({ userId: user.id, organisationId: org.id, name: 'Første' });
    clock = new Date(clock.getTime() + 1000);
    await tokens().create({ userId: user.id, organisationId: org.id, name: 'Anden' });
    const list = await tokens().list(user.id);
    expect(list.map((t) => t.name)).toEqual(['Anden', 'Første']);
    for (const t of list) {
      expect(Object.keys(t).sort()).toEqual(
        ['createdAt', 'id', 'name', 'organisationId', 'prefix', 'userId'].sort(),
      );
      expect(JSON.stringify(t)).not.toMatch(/[0-9a-f]{64}/);
    }
  });

  it('authenticates a valid token as its user and organisation; unknown and malformed tokens are undefined', async () => {
    const { org, user } = await orgWithUser(getDb().db);
    const { token, apiToken } = await tokens().create({
      userId: user.id,
      organisationId: org.id,
      name: 'x',
    });
    expect(await tokens().authenticate(token)).toEqual({
      userId: user.id,
      organisationId: org.id,
      tokenId: apiToken.id,
    });
    // Same shape, different bytes.
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(await tokens().authenticate(flipped)).toBeUndefined();
    expect(await tokens().authenticate('')).toBeUndefined();
    expect(await tokens().authenticate(`${token}x`)).toBeUndefined();
    expect(await tokens().authenticate(apiToken.prefix)).toBeUndefined();
    // The stored hash is not a token either.
    const row = await getDb()
      .db.selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', apiToken.id)
      .executeTakeFirstOrThrow();
    expect(await tokens().authenticate(row.token_hash)).toBeUndefined();
  });

  it('records the last use at most once a minute', async () => {
    const { org, user } = await orgWithUser(getDb().db);
    const { token, apiToken } = await tokens().create({
      userId: user.id,
      organisationId: org.id,
      name: 'x',
    });
    const lastUsed = async () => (await tokens().list(user.id)).find((t) => t.id === apiToken.id)?.lastUsedAt;
    expect(await lastUsed()).toBeUndefined();
    const first = clock.toISOString();
    await tokens().authenticate(token);
    expect(await lastUsed()).toBe(first);
    clock = new Date(clock.getTime() + 59_000);
    await tokens().authenticate(token);
    expect(await lastUsed()).toBe(first);
    clock = new Date(clock.getTime() + 2_000);
    await tokens().authenticate(token);
    expect(await lastUsed()).toBe(clock.toISOString());
  });

  it('revokes only the owner’s own token; a revoked token no longer authenticates', async () => {
    const { org, user } = await orgWithUser(getDb().db);
    const stranger = await orgWithUser(getDb().db);
    const { token, apiToken } = await tokens().create({
      userId: user.id,
      organisationId: org.id,
      name: 'x',
    });
    expect(await tokens().revoke(stranger.user.id, apiToken.id)).toBe(false);
    expect(await tokens().authenticate(token)).toBeDefined();
    expect(await tokens().revoke(user.id, '00000000-0000-4000-8000-000000000000')).toBe(false);

    const at = clock.toISOString();
    expect(await tokens().revoke(user.id, apiToken.id)).toBe(true);
    expect(await tokens().authenticate(token)).toBeUndefined();
    const listed = (await tokens().list(user.id)).find((t) => t.id === apiToken.id);
    expect(listed?.revokedAt).toBe(at);
    // Revoking again changes nothing, and still says the token is the user's.
    clock = new Date(clock.getTime() + 60_000);
    expect(await tokens().revoke(user.id, apiToken.id)).toBe(true);
    expect((await tokens().list(user.id)).find((t) => t.id === apiToken.id)?.revokedAt).toBe(at);
  });
});
