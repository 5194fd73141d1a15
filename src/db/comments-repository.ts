import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Comment } from '../domain/assessment';
import type { Database } from './schema';

function comment(r: Database['comments']): Comment {
  return {
    id: r.id,
    assessmentId: r.assessment_id,
    ...(r.parent_id ? { parentId: r.parent_id } : {}),
    target: r.target,
    body: r.body,
    author: { id: r.author_id, name: r.author_name },
    createdAt: r.created_at,
    ...(r.resolved_at ? { resolved: { at: r.resolved_at, by: r.resolved_by ?? '' } } : {}),
  };
}

/** Review comments, scoped by organisation through their assessment. */
export function commentsRepository(db: Kysely<Database>) {
  return {
    async add(
      orgId: string,
      input: {
        assessmentId: string;
        parentId?: string;
        target: string;
        body: string;
        author: { id: string; name: string };
      },
    ): Promise<Comment | undefined> {
      const owner = await db
        .selectFrom('assessments')
        .select('id')
        .where('id', '=', input.assessmentId)
        .where('organisation_id', '=', orgId)
        .executeTakeFirst();
      if (!owner) return undefined;
      let target = input.target;
      if (input.parentId) {
        // A reply joins its thread: same assessment, same target.
        const parent = await db
          .selectFrom('comments')
          .select(['target', 'parent_id'])
          .where('id', '=', input.parentId)
          .where('assessment_id', '=', input.assessmentId)
          .executeTakeFirst();
        if (!parent || parent.parent_id) return undefined;
        target = parent.target;
      }
      const row: Database['comments'] = {
        id: randomUUID(),
        assessment_id: input.assessmentId,
        parent_id: input.parentId ?? null,
        target,
        body: input.body,
        author_id: input.author.id,
        author_name: input.author.name,
        created_at: new Date().toISOString(),
        resolved_at: null,
        resolved_by: null,
      };
      await db.insertInto('comments').values(row).execute();
      return comment(row);
    },

    async list(orgId: string, assessmentId: string): Promise<Comment[]> {
      const rows = await db
        .selectFrom('comments')
        .innerJoin('assessments', 'assessments.id', 'comments.assessment_id')
        .selectAll('comments')
        .where('comments.assessment_id', '=', assessmentId)
        .where('assessments.organisation_id', '=', orgId)
        .orderBy('comments.created_at')
        .orderBy('comments.id')
        .execute();
      return rows.map(comment);
    },

    /** Resolves a thread (its opening comment); false when there is no such open thread here. */
    async resolve(orgId: string, assessmentId: string, commentId: string, by: string): Promise<boolean> {
      const found = await db
        .selectFrom('comments')
        .innerJoin('assessments', 'assessments.id', 'comments.assessment_id')
        .select('comments.id')
        .where('comments.id', '=', commentId)
        .where('comments.assessment_id', '=', assessmentId)
        .where('comments.parent_id', 'is', null)
        .where('comments.resolved_at', 'is', null)
        .where('assessments.organisation_id', '=', orgId)
        .executeTakeFirst();
      if (!found) return false;
      await db
        .updateTable('comments')
        .set({ resolved_at: new Date().toISOString(), resolved_by: by })
        .where('id', '=', commentId)
        .execute();
      return true;
    },
  };
}

export type CommentsRepository = ReturnType<typeof commentsRepository>;
