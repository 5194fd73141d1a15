import type { Kysely, Migration } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** One set of migrations for both databases; only the bytes column's type differs. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    '0001-initial': {
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('settings')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('organisations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('is_host', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('memberships')
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('organisation_id', 'text', (c) =>
            c.notNull().references('organisations.id').onDelete('cascade'),
          )
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'organisation_id'])
          .execute();
        await db.schema
          .createTable('invitations')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('organisation_id', 'text', (c) =>
            c.notNull().references('organisations.id').onDelete('cascade'),
          )
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('accepted_at', 'text')
          .execute();
        await db.schema
          .createTable('assessments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('organisation_id', 'text', (c) =>
            c.notNull().references('organisations.id').onDelete('cascade'),
          )
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('authority', 'text', (c) => c.notNull())
          .addColumn('case_number', 'text', (c) => c.notNull())
          .addColumn('ruleset_id', 'text', (c) => c.notNull())
          .addColumn('mode', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('step', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('assessments_by_organisation')
          .on('assessments')
          .columns(['organisation_id', 'updated_at'])
          .execute();
        await db.schema
          .createTable('document_versions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('assessment_id', 'text', (c) =>
            c.notNull().references('assessments.id').onDelete('cascade'),
          )
          .addColumn('number', 'integer', (c) => c.notNull())
          .addColumn('file_name', 'text', (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('original', bytes)
          .addColumn('original_expires_at', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('progress', 'text', (c) => c.notNull())
          .addColumn('error_da', 'text')
          .addColumn('error_en', 'text')
          .addColumn('text', 'text')
          .addColumn('document_json', 'text')
          .addColumn('findings_json', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('finished_at', 'text')
          .addUniqueConstraint('document_versions_number', ['assessment_id', 'number'])
          .execute();
        await db.schema
          .createTable('answers')
          .addColumn('assessment_id', 'text', (c) =>
            c.notNull().references('assessments.id').onDelete('cascade'),
          )
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('value_json', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('answers_pk', ['assessment_id', 'key'])
          .execute();
        await db.schema
          .createTable('answer_history')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('assessment_id', 'text', (c) =>
            c.notNull().references('assessments.id').onDelete('cascade'),
          )
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('value_json', 'text', (c) => c.notNull())
          .addColumn('changed_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('changed_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('answer_history_by_assessment')
          .on('answer_history')
          .columns(['assessment_id', 'seq'])
          .execute();
        await db.schema
          .createTable('audit_events')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('organisation_id', 'text')
          .addColumn('user_id', 'text')
          .addColumn('assessment_id', 'text')
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('detail_json', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('audit_by_organisation')
          .on('audit_events')
          .columns(['organisation_id', 'at'])
          .execute();
        await db.schema
          .createTable('sessions')
          .addColumn('sid', 'text', (c) => c.primaryKey())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sessions_by_expiry').on('sessions').column('expires_at').execute();
      },
    },
    '0002-sign-off': {
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .alterTable('assessments')
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
          .execute();
        await db.schema
          .alterTable('assessments')
          .addColumn('sign_off_json', 'text', (c) => c.notNull().defaultTo('{}'))
          .execute();
        await db.schema.alterTable('assessments').addColumn('previous_id', 'text').execute();
      },
    },
    '0003-comments': {
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('comments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('assessment_id', 'text', (c) =>
            c.notNull().references('assessments.id').onDelete('cascade'),
          )
          .addColumn('parent_id', 'text')
          .addColumn('target', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('author_name', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('resolved_at', 'text')
          .addColumn('resolved_by', 'text')
          .execute();
        await db.schema
          .createIndex('comments_by_assessment')
          .on('comments')
          .columns(['assessment_id', 'created_at'])
          .execute();
      },
    },
    '0004-guests-tokens-archive': {
      async up(db: Kysely<unknown>): Promise<void> {
        // A reviewer from the network organisation, invited to read and comment on one assessment.
        await db.schema
          .createTable('assessment_guests')
          .addColumn('assessment_id', 'text', (c) =>
            c.notNull().references('assessments.id').onDelete('cascade'),
          )
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('granted_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('assessment_guests_pk', ['assessment_id', 'user_id'])
          .execute();
        await db.schema.createIndex('guests_by_user').on('assessment_guests').column('user_id').execute();
        // Personal API tokens: only the SHA-256 of the token is stored.
        await db.schema
          .createTable('api_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('organisation_id', 'text', (c) =>
            c.notNull().references('organisations.id').onDelete('cascade'),
          )
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('prefix', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_used_at', 'text')
          .addColumn('revoked_at', 'text')
          .execute();
        // The archive searches and counts on a summary kept beside each assessment (the parse stays in JSON).
        for (const [name, type] of [
          ['relevance', 'text'],
          ['bottom_line', 'text'],
          ['not_assessed_reason', 'text'],
          ['screened_at', 'text'],
        ] as const)
          await db.schema.alterTable('assessments').addColumn(name, type).execute();
        await db.schema
          .alterTable('assessments')
          .addColumn('themes', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
      },
    },
  };
}
