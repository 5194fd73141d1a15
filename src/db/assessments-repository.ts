import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  Answers,
  Assessment,
  DocumentVersion,
  QuestionAnswer,
  SignOff,
  Step,
  TriggerAnswer,
} from '../domain/assessment';
import type { AssessmentSummary } from '../assessments/assessment-summary';
import { ConflictError } from './conflict-error';
import type { Database } from './schema';

type Row = Selectable<Database['assessments']>;
type DocRow = Omit<Database['document_versions'], 'original' | 'text' | 'document_json' | 'findings_json'> & {
  has_original: number | boolean;
};

function assessment(r: Row): Assessment {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    title: r.title,
    authority: r.authority,
    caseNumber: r.case_number,
    rulesetId: r.ruleset_id,
    mode: r.mode,
    version: Number(r.version),
    step: r.step as Step,
    status: r.status,
    signOff: JSON.parse(r.sign_off_json) as SignOff,
    ...(r.previous_id ? { previousId: r.previous_id } : {}),
    ...(r.not_assessed_reason ? { notAssessedReason: r.not_assessed_reason } : {}),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function documentVersion(r: DocRow): DocumentVersion {
  return {
    id: r.id,
    assessmentId: r.assessment_id,
    number: Number(r.number),
    fileName: r.file_name,
    size: Number(r.size),
    sha256: r.sha256,
    status: r.status,
    progress: r.progress,
    ...(r.error_da ? { error: { da: r.error_da, en: r.error_en ?? r.error_da } } : {}),
    originalExpiresAt: r.original_expires_at,
    hasOriginal: Boolean(r.has_original),
    createdBy: r.created_by,
    createdAt: r.created_at,
    ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
  };
}

export interface NewAssessment {
  organisationId: string;
  title: string;
  authority: string;
  caseNumber: string;
  rulesetId: string;
  mode: 'a' | 'b';
  createdBy: string;
  /** Started as a new version of this (approved) assessment. */
  previousId?: string;
}

export type AssessmentPatch = Partial<
  Pick<Assessment, 'title' | 'authority' | 'caseNumber' | 'mode' | 'rulesetId'>
>;

export type AnswerChange =
  { key: `trigger:${string}`; value: TriggerAnswer } | { key: `question:${string}`; value: QuestionAnswer };

/**
 * Assessments with their document versions and answers. Every read and write is scoped by organisation
 * (deny by default: another organisation's assessment simply is not found), and every write that changes the
 * assessment names the version it read.
 */
export function assessmentsRepository(db: Kysely<Database>) {
  const now = (): string => new Date().toISOString();

  /** Bumps the version if it is still `expected`; throws ConflictError otherwise. */
  async function bump(
    tx: Transaction<Database>,
    orgId: string,
    id: string,
    expected: number,
  ): Promise<number> {
    const res = await tx
      .updateTable('assessments')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: now() }))
      .where('id', '=', id)
      .where('organisation_id', '=', orgId)
      .where('version', '=', expected)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) return expected + 1;
    const current = await tx
      .selectFrom('assessments')
      .select('version')
      .where('id', '=', id)
      .where('organisation_id', '=', orgId)
      .executeTakeFirst();
    if (!current) throw new Error(`Vurderingen ${id} findes ikke`);
    throw new ConflictError(expected, Number(current.version));
  }

  const docColumns = [
    'id',
    'assessment_id',
    'number',
    'file_name',
    'size',
    'sha256',
    'original_expires_at',
    'status',
    'progress',
    'error_da',
    'error_en',
    'created_by',
    'created_at',
    'finished_at',
  ] as const;

  return {
    async create(input: NewAssessment): Promise<Assessment> {
      const t = now();
      const row: Row = {
        id: randomUUID(),
        organisation_id: input.organisationId,
        title: input.title,
        authority: input.authority,
        case_number: input.caseNumber,
        ruleset_id: input.rulesetId,
        mode: input.mode,
        version: 1,
        step: 'document',
        status: 'draft',
        sign_off_json: '{}',
        previous_id: input.previousId ?? null,
        relevance: null,
        bottom_line: null,
        not_assessed_reason: null,
        screened_at: null,
        themes: '',
        created_by: input.createdBy,
        created_at: t,
        updated_at: t,
      };
      await db.insertInto('assessments').values(row).execute();
      return assessment(row);
    },

    async get(orgId: string, id: string): Promise<Assessment | undefined> {
      const r = await db
        .selectFrom('assessments')
        .selectAll()
        .where('id', '=', id)
        .where('organisation_id', '=', orgId)
        .executeTakeFirst();
      return r ? assessment(r) : undefined;
    },

    async list(orgId: string): Promise<Assessment[]> {
      const rows = await db
        .selectFrom('assessments')
        .selectAll()
        .where('organisation_id', '=', orgId)
        .orderBy('updated_at', 'desc')
        .execute();
      return rows.map(assessment);
    },

    async update(orgId: string, id: string, expected: number, patch: AssessmentPatch): Promise<number> {
      return db.transaction().execute(async (tx) => {
        const version = await bump(tx, orgId, id, expected);
        const set: Partial<Row> = {};
        if (patch.title !== undefined) set.title = patch.title;
        if (patch.authority !== undefined) set.authority = patch.authority;
        if (patch.caseNumber !== undefined) set.case_number = patch.caseNumber;
        if (patch.mode !== undefined) set.mode = patch.mode;
        if (patch.rulesetId !== undefined) set.ruleset_id = patch.rulesetId;
        if (Object.keys(set).length)
          await tx.updateTable('assessments').set(set).where('id', '=', id).execute();
        return version;
      });
    },

    /** A sign-off move, if `expected` is still the version. */
    async setStatus(
      orgId: string,
      id: string,
      expected: number,
      status: Assessment['status'],
      signOff: SignOff,
    ): Promise<number> {
      return db.transaction().execute(async (tx) => {
        const version = await bump(tx, orgId, id, expected);
        await tx
          .updateTable('assessments')
          .set({ status, sign_off_json: JSON.stringify(signOff) })
          .where('id', '=', id)
          .execute();
        return version;
      });
    },

    /**
     * A new draft started from an (approved) assessment: its metadata, its latest processed document version and
     * its answers are copied; the original stays as it was.
     */
    async startNewVersion(orgId: string, fromId: string, by: string): Promise<Assessment | undefined> {
      return db.transaction().execute(async (tx) => {
        const from = await tx
          .selectFrom('assessments')
          .selectAll()
          .where('id', '=', fromId)
          .where('organisation_id', '=', orgId)
          .executeTakeFirst();
        if (!from) return undefined;
        const doc = await tx
          .selectFrom('document_versions')
          .selectAll()
          .where('assessment_id', '=', fromId)
          .where('status', '=', 'done')
          .orderBy('number', 'desc')
          .limit(1)
          .executeTakeFirst();
        const t = now();
        const row: Row = {
          ...from,
          id: randomUUID(),
          version: 1,
          step: doc ? 'check' : 'document',
          status: 'draft',
          sign_off_json: '{}',
          previous_id: from.id,
          created_by: by,
          created_at: t,
          updated_at: t,
        };
        await tx.insertInto('assessments').values(row).execute();
        if (doc)
          await tx
            .insertInto('document_versions')
            .values({ ...doc, id: randomUUID(), assessment_id: row.id, number: 1 })
            .execute();
        const answers = await tx
          .selectFrom('answers')
          .selectAll()
          .where('assessment_id', '=', fromId)
          .execute();
        for (const a of answers)
          await tx
            .insertInto('answers')
            .values({ ...a, assessment_id: row.id })
            .execute();
        return assessment(row);
      });
    },

    /** Deletes the assessment and, by cascade, its document versions, answers and their history. */
    async delete(orgId: string, id: string): Promise<boolean> {
      const res = await db
        .deleteFrom('assessments')
        .where('id', '=', id)
        .where('organisation_id', '=', orgId)
        .executeTakeFirst();
      return Number(res.numDeletedRows) === 1;
    },

    /** Where the user left off: navigation, not content, so no version check. */
    async setStep(orgId: string, id: string, step: Step): Promise<void> {
      await db
        .updateTable('assessments')
        .set({ step })
        .where('id', '=', id)
        .where('organisation_id', '=', orgId)
        .execute();
    },

    async addDocument(
      orgId: string,
      id: string,
      expected: number,
      input: { fileName: string; bytes: Uint8Array; sha256: string; keepOriginalUntil: string; by: string },
    ): Promise<{ document: DocumentVersion; version: number }> {
      return db.transaction().execute(async (tx) => {
        const version = await bump(tx, orgId, id, expected);
        const last = await tx
          .selectFrom('document_versions')
          .select((eb) => eb.fn.max('number').as('n'))
          .where('assessment_id', '=', id)
          .executeTakeFirst();
        const row: Database['document_versions'] = {
          id: randomUUID(),
          assessment_id: id,
          number: Number(last?.n ?? 0) + 1,
          file_name: input.fileName,
          size: input.bytes.length,
          sha256: input.sha256,
          original: Buffer.from(input.bytes),
          original_expires_at: input.keepOriginalUntil,
          status: 'queued',
          progress: 'queued',
          error_da: null,
          error_en: null,
          text: null,
          document_json: null,
          findings_json: null,
          created_by: input.by,
          created_at: now(),
          finished_at: null,
        };
        await tx.insertInto('document_versions').values(row).execute();
        await tx.updateTable('assessments').set({ step: 'processing' }).where('id', '=', id).execute();
        return { document: documentVersion({ ...row, has_original: 1 }), version };
      });
    },

    async documents(orgId: string, assessmentId: string): Promise<DocumentVersion[]> {
      const rows = await db
        .selectFrom('document_versions')
        .innerJoin('assessments', 'assessments.id', 'document_versions.assessment_id')
        .select(docColumns.map((c) => `document_versions.${c}` as const))
        .select((eb) => eb('document_versions.original', 'is not', null).as('has_original'))
        .where('document_versions.assessment_id', '=', assessmentId)
        .where('assessments.organisation_id', '=', orgId)
        .orderBy('document_versions.number', 'desc')
        .execute();
      return rows.map((r) => documentVersion(r as DocRow));
    },

    async latestDocument(orgId: string, assessmentId: string): Promise<DocumentVersion | undefined> {
      return (await this.documents(orgId, assessmentId))[0];
    },

    /** The pipeline's output for a finished document version. */
    async documentData(
      docId: string,
    ): Promise<{ text: string; documentJson: string; findingsJson: string } | undefined> {
      const r = await db
        .selectFrom('document_versions')
        .select(['text', 'document_json', 'findings_json'])
        .where('id', '=', docId)
        .where('status', '=', 'done')
        .executeTakeFirst();
      if (!r || r.text === null || !r.document_json || !r.findings_json) return undefined;
      return { text: r.text, documentJson: r.document_json, findingsJson: r.findings_json };
    },

    async original(docId: string): Promise<{ fileName: string; bytes: Uint8Array } | undefined> {
      const r = await db
        .selectFrom('document_versions')
        .select(['file_name', 'original'])
        .where('id', '=', docId)
        .executeTakeFirst();
      return r?.original ? { fileName: r.file_name, bytes: new Uint8Array(r.original) } : undefined;
    },

    /** Versions queued or cut off mid-way (a restart): they are processed again, nothing is lost. */
    async unfinishedDocuments(): Promise<{ id: string; assessmentId: string; rulesetId: string }[]> {
      const rows = await db
        .selectFrom('document_versions')
        .innerJoin('assessments', 'assessments.id', 'document_versions.assessment_id')
        .select([
          'document_versions.id as id',
          'assessments.id as assessmentId',
          'assessments.ruleset_id as rulesetId',
        ])
        .where('document_versions.status', 'in', ['queued', 'processing'])
        .orderBy('document_versions.created_at')
        .execute();
      return rows;
    },

    /**
     * Progress reports are sent without waiting for them, so on PostgreSQL (a pool of connections) the last one can
     * arrive after the document is finished: it must never turn a done or failed document back into "processing".
     */
    async setProgress(docId: string, status: 'processing', progress: string): Promise<void> {
      await db
        .updateTable('document_versions')
        .set({ status, progress })
        .where('id', '=', docId)
        .where('status', 'in', ['queued', 'processing'])
        .execute();
    },

    async finishDocument(
      docId: string,
      out: { text: string; documentJson: string; findingsJson: string },
    ): Promise<void> {
      await db
        .updateTable('document_versions')
        .set({
          status: 'done',
          progress: 'done',
          text: out.text,
          document_json: out.documentJson,
          findings_json: out.findingsJson,
          finished_at: now(),
        })
        .where('id', '=', docId)
        .execute();
    },

    /** The archive's summary of an assessment: derived data, so no version bump (nobody's form goes stale). */
    async setSummary(id: string, s: AssessmentSummary): Promise<void> {
      await db
        .updateTable('assessments')
        .set({
          relevance: s.relevance,
          bottom_line: s.bottomLine,
          themes: s.themes.length ? ` ${s.themes.join(' ')} ` : '',
          screened_at: s.screenedAt,
        })
        .where('id', '=', id)
        .execute();
    },

    /** "Comply or explain": why a relevant bill was not assessed, if `expected` is still the version. */
    async setNotAssessedReason(orgId: string, id: string, expected: number, reason: string): Promise<number> {
      return db.transaction().execute(async (tx) => {
        const version = await bump(tx, orgId, id, expected);
        await tx
          .updateTable('assessments')
          .set({ not_assessed_reason: reason })
          .where('id', '=', id)
          .execute();
        return version;
      });
    },

    /** The assessment a document version belongs to (processing knows only the version). */
    async documentOwner(
      docId: string,
    ): Promise<{ assessmentId: string; organisationId: string } | undefined> {
      return db
        .selectFrom('document_versions')
        .innerJoin('assessments', 'assessments.id', 'document_versions.assessment_id')
        .select(['assessments.id as assessmentId', 'assessments.organisation_id as organisationId'])
        .where('document_versions.id', '=', docId)
        .executeTakeFirst();
    },

    /** Assessments with a processed document but no summary yet (made before the archive existed). */
    async missingSummaries(): Promise<{ assessmentId: string; organisationId: string }[]> {
      return db
        .selectFrom('assessments')
        .select(['assessments.id as assessmentId', 'assessments.organisation_id as organisationId'])
        .where('assessments.relevance', 'is', null)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('document_versions')
              .select('document_versions.id')
              .whereRef('document_versions.assessment_id', '=', 'assessments.id')
              .where('document_versions.status', '=', 'done'),
          ),
        )
        .execute();
    },

    async failDocument(docId: string, error: { da: string; en: string }): Promise<void> {
      await db
        .updateTable('document_versions')
        .set({
          status: 'failed',
          progress: 'failed',
          error_da: error.da,
          error_en: error.en,
          finished_at: now(),
        })
        .where('id', '=', docId)
        .execute();
    },

    /** Retention: deletes original bytes past their date; returns how many were deleted. */
    async deleteExpiredOriginals(
      at: string,
    ): Promise<{ id: string; assessmentId: string; organisationId: string }[]> {
      const due = await db
        .selectFrom('document_versions')
        .innerJoin('assessments', 'assessments.id', 'document_versions.assessment_id')
        .select([
          'document_versions.id as id',
          'document_versions.assessment_id as assessmentId',
          'assessments.organisation_id as organisationId',
        ])
        .where('document_versions.original', 'is not', null)
        .where('document_versions.original_expires_at', '<=', at)
        .execute();
      if (due.length)
        await db
          .updateTable('document_versions')
          .set({ original: null })
          .where(
            'id',
            'in',
            due.map((d) => d.id),
          )
          .execute();
      return due;
    },

    async answers(orgId: string, assessmentId: string): Promise<Answers> {
      const rows = await db
        .selectFrom('answers')
        .innerJoin('assessments', 'assessments.id', 'answers.assessment_id')
        .select(['answers.key as key', 'answers.value_json as value'])
        .where('answers.assessment_id', '=', assessmentId)
        .where('assessments.organisation_id', '=', orgId)
        .execute();
      const out: Answers = { triggers: {}, questions: {} };
      for (const r of rows) {
        const [kind, id] = [r.key.slice(0, r.key.indexOf(':')), r.key.slice(r.key.indexOf(':') + 1)];
        if (kind === 'trigger') out.triggers[id] = JSON.parse(r.value) as TriggerAnswer;
        else if (kind === 'question') out.questions[id] = JSON.parse(r.value) as QuestionAnswer;
      }
      return out;
    },

    /** Saves answers and their history in one transaction, if `expected` is still the version. */
    async saveAnswers(
      orgId: string,
      assessmentId: string,
      expected: number,
      changes: AnswerChange[],
      by: string,
      step?: Step,
    ): Promise<number> {
      return db.transaction().execute(async (tx) => {
        const version = await bump(tx, orgId, assessmentId, expected);
        const at = now();
        const last = await tx
          .selectFrom('answer_history')
          .select((eb) => eb.fn.max('seq').as('n'))
          .where('assessment_id', '=', assessmentId)
          .executeTakeFirst();
        let seq = Number(last?.n ?? 0);
        for (const c of changes) {
          const value = JSON.stringify(c.value);
          await tx
            .insertInto('answers')
            .values({
              assessment_id: assessmentId,
              key: c.key,
              value_json: value,
              updated_by: by,
              updated_at: at,
            })
            .onConflict((oc) =>
              oc
                .columns(['assessment_id', 'key'])
                .doUpdateSet({ value_json: value, updated_by: by, updated_at: at }),
            )
            .execute();
          await tx
            .insertInto('answer_history')
            .values({
              id: randomUUID(),
              seq: ++seq,
              assessment_id: assessmentId,
              key: c.key,
              value_json: value,
              changed_by: by,
              changed_at: at,
            })
            .execute();
        }
        if (step) await tx.updateTable('assessments').set({ step }).where('id', '=', assessmentId).execute();
        return version;
      });
    },

    async answerHistory(
      orgId: string,
      assessmentId: string,
    ): Promise<{ key: string; value: unknown; by: string; at: string }[]> {
      const rows = await db
        .selectFrom('answer_history')
        .innerJoin('assessments', 'assessments.id', 'answer_history.assessment_id')
        .select([
          'answer_history.key as key',
          'answer_history.value_json as value',
          'answer_history.changed_by as by',
          'answer_history.changed_at as at',
        ])
        .where('answer_history.assessment_id', '=', assessmentId)
        .where('assessments.organisation_id', '=', orgId)
        .orderBy('answer_history.seq')
        .execute();
      return rows.map((r) => ({ ...r, value: JSON.parse(r.value) as unknown }));
    },
  };
}

export type AssessmentsRepository = ReturnType<typeof assessmentsRepository>;
