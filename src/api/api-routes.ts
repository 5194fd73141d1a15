import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import multer from 'multer';
import type { z } from 'zod';
import {
  InputError,
  ReadOnlyError,
  UploadLimitError,
  type Workspace,
} from '../assessments/assessment-service';
import { isReadOnly } from '../assessments/sign-off';
import { can, type Action } from '../auth/permissions';
import { ConflictError } from '../db/conflict-error';
import type {
  Assessment,
  DocumentVersion,
  Member,
  QuestionAnswer,
  TriggerAnswer,
} from '../domain/assessment';
import { projectRoot } from '../project-root';
import { localeErrors, questionAnswerSchema } from '../questionnaire/answer-schema';
import { questionnaire } from '../questionnaire/questionnaire';
import { localText } from '../rulesets/local-text';
import type { Services } from '../services';
import { triggerAnswersFromForm } from '../web/answer-form';
import {
  AnswersRequest,
  CreateAssessmentRequest,
  type AssessmentSummary,
  type DocumentStatus,
  type Findings,
  type Outcome,
  type QuestionAnswerInput,
} from './api-schemas';
import { DOCX, openApiDocument } from './openapi';

export type ApiServices = Pick<Services, 'log' | 'accounts' | 'apiTokens' | 'assessments' | 'maxUploadBytes'>;

/** JSON bodies are answers and metadata: small. Files come as multipart, within the upload limit. */
const JSON_LIMIT = '1mb';
const ID = /^[0-9a-f-]{36}$/;

type Issue = { path: (string | number)[]; message: string };

/** A refusal the handlers throw; the router's error handler turns it into the JSON error body. */
class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly da: string,
    readonly en: string,
    readonly extra: { issues?: Issue[]; currentVersion?: number } = {},
  ) {
    super(en);
    this.name = 'ApiFailure';
  }
}

function send(res: Response, f: ApiFailure): void {
  res.status(f.status).json({ error: { code: f.code, message: f.da, messageEn: f.en, ...f.extra } });
}

const notFound = () =>
  new ApiFailure(
    404,
    'not-found',
    'Vurderingen findes ikke, eller du har ikke adgang til den.',
    'The assessment does not exist, or you do not have access to it.',
  );

function invalid(issues: Issue[]): ApiFailure {
  return new ApiFailure(
    400,
    'validation',
    'Forespørgslen er ikke gyldig. Se issues.',
    'The request is not valid. See issues.',
    { issues },
  );
}

/** A body through its schema, with zod's messages in Danish; 400 with every issue otherwise. */
function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body, { error: localeErrors('da') });
  if (r.success) return r.data;
  throw invalid(
    r.error.issues.map((i) => ({
      path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      message: i.message,
    })),
  );
}

function summary(a: Assessment): AssessmentSummary {
  return {
    id: a.id,
    title: a.title,
    authority: a.authority,
    caseNumber: a.caseNumber,
    rulesetId: a.rulesetId,
    mode: a.mode,
    status: a.status,
    version: a.version,
    step: a.step,
    ...(a.previousId ? { previousId: a.previousId } : {}),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

function documentStatus(d: DocumentVersion): DocumentStatus {
  return {
    id: d.id,
    number: d.number,
    fileName: d.fileName,
    size: d.size,
    status: d.status,
    progress: d.progress,
    ...(d.error ? { error: { message: d.error.da, messageEn: d.error.en } } : {}),
    createdAt: d.createdAt,
    ...(d.finishedAt ? { finishedAt: d.finishedAt } : {}),
  };
}

/** The version a write was based on: `If-Match: "3"` (or W/"3", or 3), else the `version` field. */
function expectedVersion(req: Request, field: unknown): number {
  const header = req.get('if-match');
  const raw =
    header !== undefined
      ? header
          .trim()
          .replace(/^W\//, '')
          .replace(/^"(.*)"$/, '$1')
      : field;
  if (raw === undefined || raw === '')
    throw new ApiFailure(
      428,
      'version-required',
      'Angiv den version af vurderingen, du har læst: headeren If-Match eller feltet version.',
      'Give the version of the assessment you read: the If-Match header or the version field.',
    );
  const v = Number(raw);
  // A garbled version can never match: it ends as a conflict, like the web form's.
  return typeof raw === 'string' && /^\d+$/.test(raw) && Number.isSafeInteger(v) && v > 0 ? v : -1;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0';
  } catch {
    return '0';
  }
}

/** The JSON API at /api/v1: bearer tokens only (no cookies, so no CSRF), JSON errors, documented in openapi.ts. */
export function apiRoutes(services: ApiServices): Router {
  const svc = services.assessments;
  const r = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: services.maxUploadBytes, files: 1, fields: 10, fieldSize: 1024 },
  });
  let openApi: object | undefined;

  r.use(express.json({ limit: JSON_LIMIT }));

  const member = (res: Response): Member => res.locals.member as Member;
  const ws = (res: Response): Workspace => res.locals.ws as Workspace;
  const assessment = (res: Response): Assessment => res.locals.assessment as Assessment;
  const assessmentId = (req: Request): string => String(req.params.id ?? '');

  /** The token's member, only while the member still belongs to the token's organisation. */
  const authenticate: RequestHandler = async (req, res, next) => {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.get('authorization') ?? '');
    const identity = m?.[1] ? await services.apiTokens.authenticate(m[1]) : undefined;
    const found = identity ? await services.accounts.member(identity.userId) : undefined;
    if (!identity || !found || found.organisation.id !== identity.organisationId) {
      res.set(
        'WWW-Authenticate',
        m ? 'Bearer realm="Relationstjek", error="invalid_token"' : 'Bearer realm="Relationstjek"',
      );
      return send(
        res,
        new ApiFailure(
          401,
          'unauthorized',
          m
            ? 'API-nøglen er ukendt eller tilbagekaldt.'
            : 'Send en API-nøgle: Authorization: Bearer <nøgle>. Opret den under API-nøgler i webappen.',
          m
            ? 'The API key is unknown or revoked.'
            : 'Send an API key: Authorization: Bearer <key>. Create one under API keys in the web app.',
        ),
      );
    }
    res.locals.member = found;
    res.locals.tokenId = identity.tokenId;
    next();
  };

  const allow =
    (action: Action): RequestHandler =>
    (_req, res, next) => {
      const m = member(res);
      if (can(m.role, action, m.organisation.isHost)) return next();
      send(
        res,
        new ApiFailure(
          403,
          'forbidden',
          'Din rolle giver ikke adgang til dette. Spørg en administrator i din organisation.',
          'Your role does not allow this. Ask an administrator in your organisation.',
        ),
      );
    };

  /**
   * The assessment of the token's organisation; any other id is the same 404, never its data. `full` reads the
   * whole workspace (parse, findings, answers); without it only the assessment (what polling needs).
   */
  const load =
    (full: boolean): RequestHandler =>
    async (req, res, next) => {
      const id = assessmentId(req);
      const m = member(res);
      const found = !ID.test(id)
        ? undefined
        : full
          ? await svc.workspace(m, id)
          : await svc.assessment(m, id).then((a) => (a ? { assessment: a } : undefined));
      if (!found) throw notFound();
      res.locals.assessment = found.assessment;
      if (full) res.locals.ws = found;
      next();
    };

  const read = [authenticate, allow('assessment:read')];
  const readOne = [authenticate, load(false), allow('assessment:read')];
  const readWorkspace = [authenticate, load(true), allow('assessment:read')];
  const writeOne = [authenticate, load(false), allow('assessment:write')];
  const writeWorkspace = [authenticate, load(true), allow('assessment:write')];

  /** The questionnaire state, once the document is processed. */
  function analysed(w: Workspace) {
    if (w.analysis && w.state && w.document)
      return { analysis: w.analysis, state: w.state, document: w.document };
    const failed = w.document?.status === 'failed';
    throw new ApiFailure(
      409,
      'not-processed',
      !w.document
        ? 'Der er endnu intet dokument. Indlæs det først.'
        : failed
          ? 'Dokumentet kunne ikke behandles. Indlæs det igen.'
          : 'Dokumentet er ikke behandlet endnu. Prøv igen om lidt.',
      !w.document
        ? 'There is no document yet. Upload it first.'
        : failed
          ? 'The document could not be processed. Upload it again.'
          : 'The document has not been processed yet. Try again shortly.',
    );
  }

  // ---------- the document of the API itself ----------

  r.get('/openapi.json', (_req, res) => {
    openApi ??= openApiDocument(packageVersion());
    res.json(openApi);
  });

  // ---------- assessments ----------

  r.post('/assessments', authenticate, allow('assessment:write'), async (req, res) => {
    const body = parse(CreateAssessmentRequest, req.body);
    const a = await svc.create(member(res), { ...body, caseNumber: body.caseNumber ?? '' });
    res.status(201).location(`${req.baseUrl}/assessments/${a.id}`).json(summary(a));
  });

  r.get('/assessments', ...read, async (_req, res) => {
    res.json({ assessments: (await svc.list(member(res))).map(summary) });
  });

  r.get('/assessments/:id', ...readOne, (_req, res) => {
    const a = assessment(res);
    res.set('ETag', `"${a.version}"`).json(summary(a));
  });

  // ---------- documents ----------

  const mb = (locale: string) =>
    (services.maxUploadBytes / 1024 / 1024).toLocaleString(locale, { maximumFractionDigits: 1 });
  const receiveFile: RequestHandler = (req, res, next) => {
    upload.single('file')(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE')
        return next(
          new ApiFailure(
            413,
            'file-too-large',
            `Filen er større end ${mb('da-DK')} MB. Send en mindre fil.`,
            `The file is larger than ${mb('en-GB')} MB. Send a smaller file.`,
          ),
        );
      if (err instanceof multer.MulterError)
        return next(
          invalid([
            { path: [err.field ?? 'file'], message: `Multipart-kroppen kan ikke læses (${err.code}).` },
          ]),
        );
      next(err);
    });
  };

  r.post('/assessments/:id/documents', ...writeOne, receiveFile, async (req, res) => {
    const a = assessment(res);
    const fields = (req.body ?? {}) as Record<string, unknown>;
    const file = req.file;
    if (!file)
      throw invalid([{ path: ['file'], message: 'Send dokumentet som multipart/form-data i feltet file.' }]);
    const expected = expectedVersion(req, fields.version);
    let doc: DocumentVersion;
    try {
      doc = await svc.upload(member(res), a.id, expected, {
        fileName: file.originalname || 'dokument',
        bytes: file.buffer,
      });
    } catch (e) {
      if (e instanceof UploadLimitError) {
        res.set('Retry-After', String(e.retryAfterS));
        throw new ApiFailure(429, 'upload-limit', e.da, e.en);
      }
      if (e instanceof InputError) throw new ApiFailure(400, 'empty-file', e.da, e.en);
      throw e;
    }
    const after = await svc.assessment(member(res), a.id);
    res
      .status(202)
      .location(`${req.baseUrl}/assessments/${a.id}/documents/latest`)
      .json({ ...documentStatus(doc), assessmentVersion: after?.version ?? expected + 1 });
  });

  r.get('/assessments/:id/documents/latest', ...readOne, async (_req, res) => {
    const d = await svc.documentStatus(member(res), assessment(res).id);
    if (!d)
      throw new ApiFailure(
        404,
        'no-document',
        'Der er endnu intet dokument i vurderingen.',
        'The assessment has no document yet.',
      );
    res.set('Cache-Control', 'no-store').json(documentStatus(d));
  });

  // ---------- stage 1: findings ----------

  r.get('/assessments/:id/findings', ...readWorkspace, (_req, res) => {
    const w = ws(res);
    const { analysis, state, document } = analysed(w);
    const { findings } = analysis;
    const stateOf = new Map(state.triggers.map((t) => [t.trigger, t]));
    const body: Findings = {
      document: { id: document.id, number: document.number, fileName: document.fileName },
      relevance: {
        suggestion: findings.relevance.suggestion,
        confidence: findings.relevance.confidence,
        reasons: findings.relevance.reasons,
      },
      triggers: findings.triggers.map((t) => {
        const s = stateOf.get(t.trigger);
        const given = w.answers.triggers[t.trigger];
        return {
          id: t.trigger,
          title: t.title,
          question: t.question,
          suggestion: t.suggestion,
          confidence: t.confidence,
          value: s?.value ?? t.suggestion,
          status: s?.status ?? 'suggested',
          ...(given ? { answer: { value: given.value, ...(given.note ? { note: given.note } : {}) } } : {}),
          evidence: t.evidence.map((e) => ({
            label: e.label,
            page: e.page,
            quote: e.quote,
            matchStart: e.matchStart,
            matchEnd: e.matchEnd,
          })),
        };
      }),
      themes: findings.findings.map((f) => ({
        kind: f.kind,
        id: f.theme,
        title: f.title,
        score: f.score,
        provisions: [...new Set(f.evidence.map((e) => e.label))],
      })),
    };
    res.json(body);
  });

  // ---------- answers ----------

  r.put('/assessments/:id/answers', ...writeWorkspace, async (req, res) => {
    const w = ws(res);
    if (isReadOnly(w.assessment)) throw new ReadOnlyError();
    const body = parse(AnswersRequest, req.body);
    const { analysis, state } = analysed(w);
    const issues: Issue[] = [];

    // Stage 1: checked by the web form's own rules (a note for "unknown", and for "no" against a "yes").
    const given = body.triggers ?? {};
    const known = new Set(state.triggers.map((t) => t.trigger));
    for (const t of Object.keys(given))
      if (!known.has(t))
        issues.push({ path: ['triggers', t], message: `Trin 1 har intet spørgsmål med id'et »${t}«.` });
    const form: Record<string, string> = {};
    for (const [t, a] of Object.entries(given)) {
      form[`value-${t}`] = a.value;
      if (a.note) form[`note-${t}`] = a.note;
    }
    const checked = triggerAnswersFromForm(form, state.triggers, 'da');
    for (const e of checked.errors) {
      const [, kind, t] = /^(value|note)-(.+)$/.exec(e.field) ?? [];
      // The form asks for every trigger; the API saves those sent.
      if (kind && t && Object.hasOwn(given, t))
        issues.push({ path: ['triggers', t, kind], message: e.message });
    }
    const triggers: Record<string, TriggerAnswer> = Object.fromEntries(
      Object.entries(checked.answers).filter(([t]) => Object.hasOwn(given, t)),
    );

    // Stage 2: only the questions visible once these stage-1 answers are in force, checked by the answer schema.
    const questions: [string, QuestionAnswer][] = [];
    const sent = body.questions ?? {};
    if (Object.keys(sent).length) {
      const inForce = { ...w.answers, triggers: { ...w.answers.triggers, ...triggers } };
      const open = state.triggers.filter((t) => !inForce.triggers[t.trigger]).map((t) => t.trigger);
      if (open.length)
        issues.push({
          path: ['questions'],
          message: `Besvar først alle spørgsmål i trin 1 (mangler: ${open.join(', ')}).`,
        });
      const after = questionnaire(w.ruleset, analysis.findings, inForce, analysis.doc.kind);
      const visible = new Map(after.visible.map((v) => [v.question.id, v.question]));
      // Saved in the questionnaire's order, so the audit trail reads like the form.
      const order = [...visible.keys()];
      for (const [qid, input] of Object.entries(sent).sort(
        ([a], [b]) => order.indexOf(a) - order.indexOf(b),
      )) {
        const question = visible.get(qid);
        if (!question) {
          issues.push({
            path: ['questions', qid],
            message: `Spørgsmålet »${qid}« findes ikke, eller det er ikke aktuelt for denne vurdering.`,
          });
          continue;
        }
        const answer = answerOf(input);
        const r = questionAnswerSchema(question, 'da').safeParse(answer, { error: localeErrors('da') });
        if (!r.success)
          for (const i of r.error.issues)
            issues.push({
              path: ['questions', qid, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
              message: i.message,
            });
        // The form's rule: "unknown" says what evidence is missing.
        if (answer.affected === 'unknown' && !answer.note)
          issues.push({
            path: ['questions', qid, 'note'],
            message: `${localText(question.title, 'da')}: skriv, hvilken viden der mangler, og hvem der skaffer den.`,
          });
        questions.push([qid, answer]);
      }
    }
    if (issues.length) throw invalid(issues);

    const m = member(res);
    let version = body.version;
    if (Object.keys(triggers).length) version = await svc.saveTriggers(m, w.assessment.id, version, triggers);
    for (const [qid, answer] of questions)
      version = await svc.saveQuestion(m, w.assessment.id, version, qid, answer);
    res.json({ version, saved: { triggers: Object.keys(triggers), questions: questions.map(([q]) => q) } });
  });

  // ---------- outcome and note ----------

  r.get('/assessments/:id/outcome', ...readWorkspace, (_req, res) => {
    const w = ws(res);
    const { state } = analysed(w);
    const body: Outcome = {
      relevance: state.relevance,
      bottomLine: state.outcome.bottomLine,
      material: state.outcome.material,
      materialBy: state.outcome.materialBy,
      profile: state.outcome.profile,
      unansweredTriggers: state.triggers.filter((t) => !w.answers.triggers[t.trigger]).map((t) => t.trigger),
      next: state.next ?? null,
      questions: state.visible.map((v) => ({
        id: v.question.id,
        title: localText(v.question.title, 'da'),
        answered: v.answer !== undefined,
        errors: v.errors,
      })),
    };
    res.json(body);
  });

  r.get('/assessments/:id/note.docx', ...readWorkspace, async (_req, res) => {
    const w = ws(res);
    analysed(w);
    const note = svc.note(w, member(res));
    if (!note) throw new Error('a processed assessment without a note');
    const bytes = await svc.noteDocx(note);
    const name = `konsekvensnotat-${w.assessment.title.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60)}.docx`;
    res
      .type(DOCX)
      .set(
        'Content-Disposition',
        `attachment; filename="notat.docx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      )
      .send(bytes);
  });

  // ---------- anything else, and every error, as JSON ----------

  r.use((_req, res) => {
    send(
      res,
      new ApiFailure(
        404,
        'not-found',
        'Adressen findes ikke i API’et.',
        'The address does not exist in the API.',
      ),
    );
  });

  r.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    void _next;
    const e = err as { type?: string; status?: number; name?: string };
    if (err instanceof ApiFailure) return send(res, err);
    if (e.type === 'entity.parse.failed')
      return send(
        res,
        new ApiFailure(400, 'invalid-json', 'Kroppen er ikke gyldig JSON.', 'The body is not valid JSON.'),
      );
    if (e.type === 'entity.too.large')
      return send(res, new ApiFailure(413, 'too-large', 'Kroppen er for stor.', 'The body is too large.'));
    if (err instanceof ConflictError)
      return send(
        res,
        new ApiFailure(
          409,
          'conflict',
          `En anden har ændret vurderingen (nu version ${err.current}). Hent den igen, og send ændringen med den nye version.`,
          `Someone else has changed the assessment (now version ${err.current}). Fetch it again and send the change with the new version.`,
          { currentVersion: err.current },
        ),
      );
    if (err instanceof ReadOnlyError)
      return send(
        res,
        new ApiFailure(
          409,
          'read-only',
          'Vurderingen er godkendt og kan ikke ændres. Start en ny version i webappen.',
          'The assessment is approved and cannot be changed. Start a new version in the web app.',
        ),
      );
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
      return send(
        res,
        new ApiFailure(
          e.status,
          'bad-request',
          'Forespørgslen kan ikke læses.',
          'The request cannot be read.',
        ),
      );
    services.log.error(
      { err: err instanceof Error ? (err.stack ?? err.message) : String(err), path: req.originalUrl },
      'api request failed',
    );
    send(
      res,
      new ApiFailure(
        500,
        'internal',
        'Der opstod en intern fejl. Det, der allerede er gemt, er ikke tabt. Prøv igen.',
        'An internal error occurred. What has already been saved is not lost. Try again.',
      ),
    );
  });

  return r;
}

/** An API answer as the form would store it: the assessment's details only with "affected: yes". */
function answerOf(input: QuestionAnswerInput): QuestionAnswer {
  if (input.affected === 'yes') return input;
  return { affected: input.affected, ...(input.note ? { note: input.note } : {}) };
}
