import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema';

export interface AuditEvent {
  organisationId?: string;
  userId?: string;
  assessmentId?: string;
  /** `login`, `login-failed`, `assessment-created`, `document-uploaded`, `answers-saved`, … */
  action: string;
  detail?: Record<string, unknown>;
}

/** Who did what, when: append-only. */
export function auditRepository(db: Kysely<Database>) {
  return {
    async record(e: AuditEvent): Promise<void> {
      await db
        .insertInto('audit_events')
        .values({
          id: randomUUID(),
          organisation_id: e.organisationId ?? null,
          user_id: e.userId ?? null,
          assessment_id: e.assessmentId ?? null,
          action: e.action,
          detail_json: JSON.stringify(e.detail ?? {}),
          at: new Date().toISOString(),
        })
        .execute();
    },

    async list(organisationId: string, limit = 100): Promise<(AuditEvent & { at: string })[]> {
      const rows = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        action: r.action,
        at: r.at,
        detail: JSON.parse(r.detail_json) as Record<string, unknown>,
        ...(r.user_id ? { userId: r.user_id } : {}),
        ...(r.assessment_id ? { assessmentId: r.assessment_id } : {}),
        ...(r.organisation_id ? { organisationId: r.organisation_id } : {}),
      }));
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
