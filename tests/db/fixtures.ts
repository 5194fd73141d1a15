import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { accountsRepository } from '../../src/db/accounts-repository';
import type { Database } from '../../src/db/schema';
import type { Organisation, OrganisationKind, Role, User } from '../../src/domain/assessment';

/** A unique suffix, so tests sharing one database never collide on names or emails. */
export function unique(): string {
  return randomUUID().slice(0, 8);
}

/** An e-mail address no other test uses. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID()}@example.dk`;
}

/** Waits long enough for `new Date().toISOString()` (millisecond resolution) to move on. */
export function tick(ms = 5): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** An organisation of its own with one member, made through the repository (foreign keys are enforced). */
export async function orgWithUser(
  db: Kysely<Database>,
  options: { kind?: OrganisationKind; role?: Role; name?: string } = {},
): Promise<{ org: Organisation; user: User }> {
  const accounts = accountsRepository(db);
  const org = await accounts.createOrganisation(`Org ${unique()}`, options.kind ?? 'ministry');
  const user = await accounts.createUser({
    email: uniqueEmail(),
    name: options.name ?? `User ${unique()}`,
    passwordHash: 'hash',
    organisationId: org.id,
    role: options.role ?? 'author',
  });
  return { org, user };
}

/** An ISO time `days` from now (negative: in the past). */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();
}

/**
 * The error a promise rejects with. better-sqlite3's SqliteError is not recognised as an Error by jest's
 * `rejects.toThrow()` (it reports "did not throw"), so database errors are checked through this instead.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ message: string }> {
  try {
    await promise;
  } catch (e) {
    return { message: String((e as { message?: unknown } | null)?.message ?? e) };
  }
  throw new Error('expected the promise to reject, but it resolved');
}
