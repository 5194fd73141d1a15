import { createHash } from 'node:crypto';
import type {
  Answers,
  Assessment,
  DocumentVersion,
  Member,
  QuestionAnswer,
  SignOff,
  TriggerAnswer,
} from '../domain/assessment';
import type { Findings } from '../domain/findings';
import type { LegalDocument } from '../domain/legal-document';
import type { AssessmentPatch, AssessmentsRepository, NewAssessment } from '../db/assessments-repository';
import type { AuditRepository } from '../db/audit-repository';
import { questionnaire, type QuestionnaireState } from '../questionnaire/questionnaire';
import { buildImpactNote, type ImpactNote } from '../report/impact-note';
import { renderDocx } from '../report/render-docx';
import { loadRulesetById } from '../rulesets/load-ruleset';
import type { Ruleset } from '../rulesets/ruleset-schema';
import { diffDocuments, type DocumentDiff } from '../diff/document-diff';
import type { DocumentPool } from './document-pool';
import { summariseAssessment } from './assessment-summary';
import { draftChanges, type DraftChanges } from './draft-changes';
import { UploadQuota } from './upload-quota';
import { isReadOnly, nextStatus, signOffProblem, type SignOffAction } from './sign-off';

export interface ServiceDeps {
  repo: AssessmentsRepository;
  audit: AuditRepository;
  pool: DocumentPool;
  retentionDays: number;
  maxUploadBytes: number;
  /** Uploads one user may make per hour (web and API together). */
  uploadsPerHour?: number;
  log: { info(o: object, m: string): void; error(o: object, m: string): void };
  now?: () => Date;
}

/** Everything a page of one assessment needs, read once. */
export interface Workspace {
  assessment: Assessment;
  ruleset: Ruleset;
  document?: DocumentVersion;
  /** Present when the current document version has been processed. */
  analysis?: { doc: LegalDocument; findings: Findings };
  answers: Answers;
  state?: QuestionnaireState;
  /** When the current document is a later draft: what changed since the previous one, and what to check again. */
  changes?: DraftChanges;
  /** When the first document version was processed (the archive's screening date). */
  firstProcessedAt?: string;
}

/** A write to an approved or published assessment: it is a record now; a new version is started from it. */
export class ReadOnlyError extends Error {
  constructor() {
    super('The assessment is approved and read-only');
    this.name = 'ReadOnlyError';
  }
}

/** A sign-off move the member may not make now; the message says why. */
export class SignOffError extends Error {
  constructor(
    readonly da: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'SignOffError';
  }
}

/** Bad input the user can fix: shown on the page they were on. */
export class InputError extends Error {
  constructor(
    readonly da: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'InputError';
  }
}

/** Too many uploads by one user this hour; the message says when they can go on. */
export class UploadLimitError extends InputError {
  constructor(readonly retryAfterS: number) {
    const minutes = Math.ceil(retryAfterS / 60);
    super(
      `Du har indlæst mange dokumenter den seneste time. Vent ${minutes} minut${minutes === 1 ? '' : 'ter'}, og prøv igen.`,
      `You have uploaded many documents in the last hour. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
    );
    this.name = 'UploadLimitError';
  }
}

/** Processed documents never change: their parse and findings are cached, so page loads skip the JSON. */
class AnalysisCache {
  private readonly map = new Map<string, { doc: LegalDocument; findings: Findings }>();
  constructor(private readonly max: number) {}
  get(id: string) {
    const hit = this.map.get(id);
    if (hit) {
      this.map.delete(id);
      this.map.set(id, hit);
    }
    return hit;
  }
  set(id: string, v: { doc: LegalDocument; findings: Findings }) {
    this.map.set(id, v);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
}

/** The assessment use cases behind the web app: persistence + pipeline + questionnaire + note. */
export function assessmentService(deps: ServiceDeps) {
  const { repo, audit, pool, log } = deps;
  const now = deps.now ?? (() => new Date());
  const cache = new AnalysisCache(32);
  const quota = new UploadQuota(deps.uploadsPerHour ?? Number.POSITIVE_INFINITY);
  // Drafts never change once processed: their diff is computed once.
  const diffs = new Map<string, DocumentDiff>();
  const running = new Map<string, Promise<void>>();
  const rulesets = new Map<string, Ruleset>();

  /** Approved and published assessments are not written to (the route says so first; this is the last word). */
  async function writable(member: Member, id: string): Promise<Assessment> {
    const a = await repo.get(member.organisation.id, id);
    if (!a) throw new Error(`Vurderingen ${id} findes ikke`);
    if (isReadOnly(a)) throw new ReadOnlyError();
    return a;
  }

  /** An audit event for something a member did to an assessment. */
  function recordFor(member: Member, assessmentId: string, action: string, detail: Record<string, unknown>) {
    return audit.record({
      organisationId: member.organisation.id,
      userId: member.id,
      assessmentId,
      action,
      detail,
    });
  }

  function ruleset(id: string): Ruleset {
    let r = rulesets.get(id);
    if (!r) {
      r = loadRulesetById(id);
      rulesets.set(id, r);
    }
    return r;
  }

  async function process(docId: string, rulesetId: string): Promise<void> {
    const original = await repo.original(docId);
    if (!original) {
      await repo.failDocument(docId, {
        da: 'Den oprindelige fil er ikke længere gemt. Indlæs dokumentet igen.',
        en: 'The original file is no longer stored. Upload the document again.',
      });
      return;
    }
    const started = Date.now();
    await repo.setProgress(docId, 'processing', 'queued');
    try {
      const out = await pool.run(
        { bytes: original.bytes, fileName: original.fileName, rulesetId, maxBytes: deps.maxUploadBytes },
        (stage) => void repo.setProgress(docId, 'processing', stage).catch(() => undefined),
      );
      if (out.ok) {
        await repo.finishDocument(docId, out);
        const owner = await repo.documentOwner(docId);
        if (owner) await refreshSummary(owner.organisationId, owner.assessmentId);
        log.info({ docId, ms: Date.now() - started, pages: out.pages }, 'document processed');
      } else {
        await repo.failDocument(docId, out.error);
        log.info({ docId, code: out.error.code }, 'document refused');
      }
    } catch (e) {
      log.error({ docId, err: String(e) }, 'document processing failed');
      await repo.failDocument(docId, {
        da: 'Der opstod en intern fejl under behandlingen af dokumentet. Prøv at indlæse det igen.',
        en: 'An internal error occurred while processing the document. Try uploading it again.',
      });
    }
  }

  function start(docId: string, rulesetId: string): void {
    const p: Promise<void> = process(docId, rulesetId)
      .catch((e: unknown) => log.error({ docId, err: String(e) }, 'document processing failed'))
      .finally(() => running.delete(docId));
    running.set(docId, p);
  }

  async function analysis(document: DocumentVersion | undefined) {
    if (!document || document.status !== 'done') return undefined;
    const hit = cache.get(document.id);
    if (hit) return hit;
    const data = await repo.documentData(document.id);
    if (!data) return undefined;
    const v = {
      doc: JSON.parse(data.documentJson) as LegalDocument,
      findings: JSON.parse(data.findingsJson) as Findings,
    };
    cache.set(document.id, v);
    return v;
  }

  /** Keeps the archive's summary in step with the answers; a failure is logged, never lost work for the user. */
  async function refreshSummary(orgId: string, id: string): Promise<void> {
    try {
      const w = await api.workspace({ organisation: { id: orgId } }, id);
      const summary = w && summariseAssessment(w);
      if (summary) await repo.setSummary(id, summary);
    } catch (e) {
      log.error({ assessment: id, err: String(e) }, 'archive summary not refreshed');
    }
  }

  const api = {
    ruleset,

    async assessment(member: Member, id: string): Promise<Assessment | undefined> {
      return repo.get(member.organisation.id, id);
    },

    async list(member: Member): Promise<Assessment[]> {
      return repo.list(member.organisation.id);
    },

    async create(
      member: Member,
      input: Omit<NewAssessment, 'organisationId' | 'createdBy'>,
    ): Promise<Assessment> {
      ruleset(input.rulesetId); // an unknown ruleset is refused here, not later
      const a = await repo.create({ ...input, organisationId: member.organisation.id, createdBy: member.id });
      await recordFor(member, a.id, 'assessment-created', { title: a.title });
      return a;
    },

    async update(member: Member, id: string, expected: number, patch: AssessmentPatch): Promise<number> {
      await writable(member, id);
      const v = await repo.update(member.organisation.id, id, expected, patch);
      await recordFor(member, id, 'assessment-updated', { fields: Object.keys(patch) });
      return v;
    },

    /** Stores the upload (nothing lost) and starts processing it in the pool; returns at once. */
    async upload(
      member: Member,
      id: string,
      expected: number,
      file: { fileName: string; bytes: Uint8Array },
    ): Promise<DocumentVersion> {
      if (file.bytes.length === 0)
        throw new InputError(
          'Filen er tom (0 byte). Vælg en anden fil.',
          'The file is empty (0 bytes). Choose another file.',
        );
      const a = await writable(member, id);
      const allowed = quota.take(member.id, now().getTime());
      if (!allowed.ok) throw new UploadLimitError(allowed.retryAfterS);
      const keep = new Date(now().getTime() + deps.retentionDays * 86_400_000).toISOString();
      const { document } = await repo.addDocument(member.organisation.id, id, expected, {
        fileName: file.fileName,
        bytes: file.bytes,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        keepOriginalUntil: keep,
        by: member.id,
      });
      await recordFor(member, id, 'document-uploaded', {
        fileName: file.fileName,
        size: file.bytes.length,
        number: document.number,
      });
      start(document.id, a.rulesetId);
      return document;
    },

    /** Retention: original files past their date are deleted, each with an audit event. */
    async applyRetention(): Promise<number> {
      const gone = await repo.deleteExpiredOriginals(now().toISOString());
      for (const g of gone)
        await audit.record({
          organisationId: g.organisationId,
          assessmentId: g.assessmentId,
          action: 'original-deleted',
          detail: { document: g.id },
        });
      return gone.length;
    },

    /** At start: versions a restart cut off are processed again. */
    async resumeUnfinished(): Promise<number> {
      const todo = await repo.unfinishedDocuments();
      for (const d of todo) start(d.id, d.rulesetId);
      return todo.length;
    },

    /** At start, once: assessments processed before the archive existed get their summary. */
    async refreshMissingSummaries(): Promise<number> {
      const todo = await repo.missingSummaries();
      for (const t of todo) await refreshSummary(t.organisationId, t.assessmentId);
      return todo.length;
    },

    /** "Comply or explain": why a relevant bill is not assessed in stage 2; the new version. */
    async saveNotAssessedReason(
      member: Member,
      id: string,
      expected: number,
      reason: string,
    ): Promise<number> {
      await writable(member, id);
      const v = await repo.setNotAssessedReason(member.organisation.id, id, expected, reason);
      await recordFor(member, id, 'not-assessed-reason-saved', { reason });
      return v;
    },

    /** Resolves when no document is being processed (tests, graceful shutdown). */
    async idle(): Promise<void> {
      while (running.size) await Promise.allSettled([...running.values()]);
    },

    /** Waits up to `ms` for a document's processing to end (a bad file is usually refused at once). */
    async settle(docId: string, ms: number): Promise<void> {
      const p = running.get(docId);
      if (!p) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([p, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
      clearTimeout(timer);
    },

    /** The latest document version's processing state, without loading its parse (the page polls this). */
    async documentStatus(member: Member, id: string): Promise<DocumentVersion | undefined> {
      return repo.latestDocument(member.organisation.id, id);
    },

    async workspace(member: { organisation: { id: string } }, id: string): Promise<Workspace | undefined> {
      const orgId = member.organisation.id;
      const assessment = await repo.get(orgId, id);
      if (!assessment) return undefined;
      const [documents, answers] = await Promise.all([repo.documents(orgId, id), repo.answers(orgId, id)]);
      const document = documents[0];
      const rs = ruleset(assessment.rulesetId);
      const an = await analysis(document);
      const ws: Workspace = { assessment, ruleset: rs, answers };
      if (document) ws.document = document;
      const firstDone = documents.findLast((d) => d.status === 'done');
      if (firstDone?.finishedAt) ws.firstProcessedAt = firstDone.finishedAt;
      if (an && document) {
        ws.analysis = an;
        ws.state = questionnaire(rs, an.findings, answers, an.doc.kind);
        const previous = documents.find((d) => d.number < document.number && d.status === 'done');
        const pan = await analysis(previous);
        if (previous && pan) {
          const key = `${previous.id}:${document.id}`;
          let diff = diffs.get(key);
          if (!diff) {
            diff = diffDocuments(pan.doc, an.doc);
            diffs.set(key, diff);
            if (diffs.size > 32) diffs.delete(diffs.keys().next().value as string);
          }
          ws.changes = draftChanges(
            { number: previous.number, findings: pan.findings },
            { number: document.number, createdAt: document.createdAt, findings: an.findings },
            answers,
            diff,
          );
        }
      }
      return ws;
    },

    async saveTriggers(
      member: Member,
      id: string,
      expected: number,
      values: Record<string, TriggerAnswer>,
    ): Promise<number> {
      await writable(member, id);
      const at = now().toISOString();
      const v = await repo.saveAnswers(
        member.organisation.id,
        id,
        expected,
        Object.entries(values).map(([t, a]) => ({
          key: `trigger:${t}` as const,
          value: { ...a, by: member.name, at },
        })),
        member.id,
        'stage2',
      );
      await recordFor(member, id, 'answers-saved', { stage: 1, triggers: Object.keys(values) });
      await refreshSummary(member.organisation.id, id);
      return v;
    },

    async saveQuestion(
      member: Member,
      id: string,
      expected: number,
      questionId: string,
      answer: QuestionAnswer,
    ): Promise<number> {
      await writable(member, id);
      const v = await repo.saveAnswers(
        member.organisation.id,
        id,
        expected,
        [{ key: `question:${questionId}`, value: { ...answer, by: member.name, at: now().toISOString() } }],
        member.id,
        'stage2',
      );
      await recordFor(member, id, 'answers-saved', { stage: 2, question: questionId });
      await refreshSummary(member.organisation.id, id);
      return v;
    },

    /** A sign-off move: submit, return, approve (never by the preparer), publish. */
    async signOff(member: Member, id: string, expected: number, action: SignOffAction): Promise<Assessment> {
      const a = await repo.get(member.organisation.id, id);
      if (!a) throw new Error(`Vurderingen ${id} findes ikke`);
      const problem = signOffProblem(member, a, action);
      if (problem) throw new SignOffError(problem.da, problem.en);
      const stamp = { id: member.id, name: member.name, at: now().toISOString() };
      const signOff: SignOff =
        action === 'submit'
          ? { submittedBy: stamp }
          : action === 'return'
            ? {}
            : action === 'approve'
              ? { ...a.signOff, approvedBy: stamp }
              : { ...a.signOff, publishedAt: stamp.at };
      await repo.setStatus(member.organisation.id, id, expected, nextStatus(action), signOff);
      await recordFor(member, id, `assessment-${action}`, { to: nextStatus(action) });
      return (await repo.get(member.organisation.id, id)) as Assessment;
    },

    /** A new draft from an approved or published assessment, with its document and answers. */
    async startNewVersion(member: Member, id: string): Promise<Assessment> {
      const a = await repo.get(member.organisation.id, id);
      if (!a) throw new Error(`Vurderingen ${id} findes ikke`);
      if (!isReadOnly(a))
        throw new SignOffError(
          'Der kan kun startes en ny version af en godkendt vurdering.',
          'A new version can only be started from an approved assessment.',
        );
      const created = await repo.startNewVersion(member.organisation.id, id, member.id);
      if (!created) throw new Error(`Vurderingen ${id} findes ikke`);
      await recordFor(member, created.id, 'assessment-new-version', { from: id });
      await refreshSummary(member.organisation.id, created.id);
      return created;
    },

    /** Deletes an assessment with everything it holds; the audit event (kept) says what and who. */
    async delete(member: Member, id: string): Promise<boolean> {
      const a = await repo.get(member.organisation.id, id);
      if (!a) return false;
      const gone = await repo.delete(member.organisation.id, id);
      if (gone)
        await recordFor(member, id, 'assessment-deleted', {
          title: a.title,
          caseNumber: a.caseNumber,
          status: a.status,
        });
      return gone;
    },

    async setStep(member: Member, id: string, step: Assessment['step']): Promise<void> {
      await repo.setStep(member.organisation.id, id, step);
    },

    /** The impact note of the assessment as it stands; undefined until the document is processed. */
    note(ws: Workspace, member: Member): ImpactNote | undefined {
      if (!ws.analysis || !ws.state || !ws.document) return undefined;
      const unconfirmed = ws.state.triggers.filter((t) => t.status === 'suggested').map((t) => t.trigger);
      return buildImpactNote({
        doc: ws.analysis.doc,
        ruleset: ws.ruleset,
        findings: ws.analysis.findings,
        state: ws.state,
        answers: ws.answers,
        unconfirmed,
        meta: {
          ministry: ws.assessment.authority,
          caseNumber: ws.assessment.caseNumber,
          draftVersion: `${ws.document.number} (${ws.document.fileName})`,
          ...(ws.assessment.notAssessedReason ? { notAssessedReason: ws.assessment.notAssessedReason } : {}),
          preparedBy: ws.assessment.signOff.submittedBy?.name ?? member.name,
          ...(ws.assessment.signOff.approvedBy
            ? {
                approvedBy: `${ws.assessment.signOff.approvedBy.name}, ${new Date(ws.assessment.signOff.approvedBy.at).toLocaleDateString('da-DK', { timeZone: 'Europe/Copenhagen' })}`,
              }
            : {}),
        },
        mode: ws.assessment.mode,
        now: now(),
      });
    },

    async noteDocx(note: ImpactNote): Promise<Buffer> {
      return renderDocx(note, now());
    },
  };
  return api;
}

export type AssessmentService = ReturnType<typeof assessmentService>;
