import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Member, Organisation, OrganisationKind, Role, User } from '../domain/assessment';
import type { Database } from './schema';

export interface Invitation {
  organisationId: string;
  email: string;
  name: string;
  role: Role;
  expiresAt: string;
  acceptedAt?: string;
}

type OrgRow = Database['organisations'];

function invitation(r: Database['invitations']): Invitation {
  return {
    organisationId: r.organisation_id,
    email: r.email,
    name: r.name,
    role: r.role,
    expiresAt: r.expires_at,
    ...(r.accepted_at ? { acceptedAt: r.accepted_at } : {}),
  };
}

function organisation(r: OrgRow): Organisation {
  return { id: r.id, name: r.name, kind: r.kind, isHost: r.is_host === 1 };
}

/** Organisations, users, memberships and invitations. Emails are stored lower-cased. */
export function accountsRepository(db: Kysely<Database>) {
  const now = (): string => new Date().toISOString();
  return {
    async hasUsers(): Promise<boolean> {
      return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
    },

    async createOrganisation(name: string, kind: OrganisationKind, isHost = false): Promise<Organisation> {
      const row: OrgRow = { id: randomUUID(), name, kind, is_host: isHost ? 1 : 0, created_at: now() };
      await db.insertInto('organisations').values(row).execute();
      return organisation(row);
    },

    async organisations(): Promise<Organisation[]> {
      return (await db.selectFrom('organisations').selectAll().orderBy('name').execute()).map(organisation);
    },

    /** Creates a user with a membership, in one transaction. */
    async createUser(input: {
      email: string;
      name: string;
      passwordHash: string;
      organisationId: string;
      role: Role;
    }): Promise<User> {
      const user: User = { id: randomUUID(), email: input.email.trim().toLowerCase(), name: input.name };
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('users')
          .values({ ...user, password_hash: input.passwordHash, created_at: now() })
          .execute();
        await tx
          .insertInto('memberships')
          .values({
            user_id: user.id,
            organisation_id: input.organisationId,
            role: input.role,
            created_at: now(),
          })
          .execute();
      });
      return user;
    },

    async credentials(email: string): Promise<{ id: string; passwordHash: string } | undefined> {
      const r = await db
        .selectFrom('users')
        .select(['id', 'password_hash'])
        .where('email', '=', email.trim().toLowerCase())
        .executeTakeFirst();
      return r ? { id: r.id, passwordHash: r.password_hash } : undefined;
    },

    async emailTaken(email: string): Promise<boolean> {
      return (await this.credentials(email)) !== undefined;
    },

    /** The user acting in their (first) organisation; undefined if the user or membership is gone. */
    async member(userId: string): Promise<Member | undefined> {
      const r = await db
        .selectFrom('users')
        .innerJoin('memberships', 'memberships.user_id', 'users.id')
        .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
        .select([
          'users.id as id',
          'users.email as email',
          'users.name as name',
          'memberships.role as role',
          'organisations.id as org_id',
          'organisations.name as org_name',
          'organisations.kind as org_kind',
          'organisations.is_host as org_is_host',
        ])
        .where('users.id', '=', userId)
        .orderBy('memberships.created_at')
        .executeTakeFirst();
      if (!r) return undefined;
      return {
        id: r.id,
        email: r.email,
        name: r.name,
        role: r.role,
        organisation: { id: r.org_id, name: r.org_name, kind: r.org_kind, isHost: r.org_is_host === 1 },
      };
    },

    async members(organisationId: string): Promise<(User & { role: Role })[]> {
      return db
        .selectFrom('users')
        .innerJoin('memberships', 'memberships.user_id', 'users.id')
        .select(['users.id as id', 'users.email as email', 'users.name as name', 'memberships.role as role'])
        .where('memberships.organisation_id', '=', organisationId)
        .orderBy('users.name')
        .execute();
    },

    async createInvitation(input: Omit<Invitation, 'acceptedAt'> & { tokenHash: string; createdBy: string }) {
      await db
        .insertInto('invitations')
        .values({
          token_hash: input.tokenHash,
          organisation_id: input.organisationId,
          email: input.email.trim().toLowerCase(),
          name: input.name,
          role: input.role,
          created_by: input.createdBy,
          created_at: now(),
          expires_at: input.expiresAt,
          accepted_at: null,
        })
        .execute();
    },

    async invitation(tokenHash: string): Promise<Invitation | undefined> {
      const r = await db
        .selectFrom('invitations')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return r ? invitation(r) : undefined;
    },

    async pendingInvitations(organisationId: string): Promise<Invitation[]> {
      const rows = await db
        .selectFrom('invitations')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('accepted_at', 'is', null)
        .where('expires_at', '>', now())
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(invitation);
    },

    /** Accepting creates the user; an invitation is good once (claimed and used in one transaction). */
    async acceptInvitation(tokenHash: string, passwordHash: string, name: string): Promise<User | undefined> {
      const at = now();
      return db.transaction().execute(async (tx) => {
        const claimed = await tx
          .updateTable('invitations')
          .set({ accepted_at: at })
          .where('token_hash', '=', tokenHash)
          .where('accepted_at', 'is', null)
          .where('expires_at', '>', at)
          .returning(['organisation_id', 'email', 'role'])
          .executeTakeFirst();
        if (!claimed) return undefined;
        const taken = await tx
          .selectFrom('users')
          .select('id')
          .where('email', '=', claimed.email)
          .executeTakeFirst();
        if (taken) return undefined;
        const user: User = { id: randomUUID(), email: claimed.email, name };
        await tx
          .insertInto('users')
          .values({ ...user, password_hash: passwordHash, created_at: at })
          .execute();
        await tx
          .insertInto('memberships')
          .values({
            user_id: user.id,
            organisation_id: claimed.organisation_id,
            role: claimed.role,
            created_at: at,
          })
          .execute();
        return user;
      });
    },

    /** A setting kept in the database (the session secret), created once with `make` when missing. */
    async setting(key: string, make: () => string): Promise<string> {
      const found = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      if (found) return found.value;
      await db
        .insertInto('settings')
        .values({ key, value: make() })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const row = await db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      return row.value;
    },
  };
}

export type AccountsRepository = ReturnType<typeof accountsRepository>;
