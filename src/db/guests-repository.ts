import type { Kysely } from 'kysely';
import type { Organisation } from '../domain/assessment';
import type { Database } from './schema';

/** A reviewer from a network organisation, invited to read and comment on one assessment. */
export interface Guest {
  userId: string;
  name: string;
  email: string;
  organisationName: string;
  grantedAt: string;
}

/** An assessment shared with a user from another organisation. */
export interface SharedAssessment {
  id: string;
  title: string;
  authority: string;
  status: string;
  organisationName: string;
  grantedAt: string;
}

/**
 * Invited reviewers. Access is per assessment and per user: an invitation never opens the rest of the owning
 * organisation's assessments. Every write names the owning organisation, so one organisation cannot share
 * another's assessment.
 */
export function guestsRepository(db: Kysely<Database>) {
  return {
    /** A user of a network organisation who may be invited, found by e-mail. */
    async networkUser(email: string): Promise<{ id: string; name: string } | undefined> {
      return db
        .selectFrom('users')
        .innerJoin('memberships', 'memberships.user_id', 'users.id')
        .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
        .select(['users.id as id', 'users.name as name'])
        .where('users.email', '=', email.trim().toLowerCase())
        .where('organisations.kind', '=', 'network')
        .executeTakeFirst();
    },

    /** Grants access; false when the assessment is not the organisation's. Granting twice is harmless. */
    async grant(orgId: string, assessmentId: string, userId: string, grantedBy: string): Promise<boolean> {
      const owner = await db
        .selectFrom('assessments')
        .select('id')
        .where('id', '=', assessmentId)
        .where('organisation_id', '=', orgId)
        .executeTakeFirst();
      if (!owner) return false;
      const existing = await db
        .selectFrom('assessment_guests')
        .select('user_id')
        .where('assessment_id', '=', assessmentId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!existing)
        await db
          .insertInto('assessment_guests')
          .values({
            assessment_id: assessmentId,
            user_id: userId,
            granted_by: grantedBy,
            created_at: new Date().toISOString(),
          })
          .execute();
      return true;
    },

    async revoke(orgId: string, assessmentId: string, userId: string): Promise<boolean> {
      const r = await db
        .deleteFrom('assessment_guests')
        .where('assessment_id', '=', assessmentId)
        .where('user_id', '=', userId)
        .where('assessment_id', 'in', (q) =>
          q.selectFrom('assessments').select('id').where('organisation_id', '=', orgId),
        )
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async guests(orgId: string, assessmentId: string): Promise<Guest[]> {
      const rows = await db
        .selectFrom('assessment_guests as g')
        .innerJoin('assessments as a', 'a.id', 'g.assessment_id')
        .innerJoin('users as u', 'u.id', 'g.user_id')
        .innerJoin('memberships as m', 'm.user_id', 'u.id')
        .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
        .select([
          'u.id as userId',
          'u.name as name',
          'u.email as email',
          'o.name as org',
          'g.created_at as at',
        ])
        .where('g.assessment_id', '=', assessmentId)
        .where('a.organisation_id', '=', orgId)
        .where('o.kind', '=', 'network')
        .orderBy('u.name')
        .execute();
      return rows.map((r) => ({
        userId: r.userId,
        name: r.name,
        email: r.email,
        organisationName: r.org,
        grantedAt: r.at,
      }));
    },

    /** The organisation owning an assessment the user is invited to; undefined when not invited. */
    async ownerFor(userId: string, assessmentId: string): Promise<Organisation | undefined> {
      const r = await db
        .selectFrom('assessment_guests as g')
        .innerJoin('assessments as a', 'a.id', 'g.assessment_id')
        .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
        .select(['o.id as id', 'o.name as name', 'o.kind as kind', 'o.is_host as isHost'])
        .where('g.user_id', '=', userId)
        .where('g.assessment_id', '=', assessmentId)
        .executeTakeFirst();
      return r ? { id: r.id, name: r.name, kind: r.kind, isHost: Number(r.isHost) === 1 } : undefined;
    },

    /** The assessments shared with a user, newest invitation first. */
    async sharedWith(userId: string): Promise<SharedAssessment[]> {
      const rows = await db
        .selectFrom('assessment_guests as g')
        .innerJoin('assessments as a', 'a.id', 'g.assessment_id')
        .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
        .select([
          'a.id as id',
          'a.title as title',
          'a.authority as authority',
          'a.status as status',
          'o.name as org',
          'g.created_at as at',
        ])
        .where('g.user_id', '=', userId)
        .orderBy('g.created_at', 'desc')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        title: r.title,
        authority: r.authority,
        status: r.status,
        organisationName: r.org,
        grantedAt: r.at,
      }));
    },
  };
}

export type GuestsRepository = ReturnType<typeof guestsRepository>;
