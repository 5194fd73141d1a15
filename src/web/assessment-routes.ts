import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { Workspace } from '../assessments/assessment-service';
import { InputError, SignOffError, UploadLimitError } from '../assessments/assessment-service';
import {
  isReadOnly,
  SIGN_OFF_ACTIONS,
  signOffProblem,
  STATUS_NAMES,
  type SignOffAction,
} from '../assessments/sign-off';
import { can } from '../auth/permissions';
import { ConflictError } from '../db/conflict-error';
import type { Assessment, DocumentVersion, Member, Step } from '../domain/assessment';
import { renderHtmlBody } from '../report/render-html';
import { rulesetIds } from '../rulesets/load-ruleset';
import { localText } from '../rulesets/local-text';
import { stage1Conflict, stage2Conflict, type ConflictView } from './conflict-view';
import {
  formValues,
  questionAnswerFromForm,
  questionFormValues,
  triggerAnswersFromForm,
  triggerFormValues,
  type FormValues,
} from './answer-form';
import type { AppServices } from './app';
import {
  changesView,
  checkView,
  commentsView,
  noteComments,
  outcomeView,
  overviewView,
  stage1View,
  stage2View,
} from './assessment-views';
import { typedValues, validateForm } from './form-validation';
import {
  checkCsrf,
  currentMember,
  field,
  flash,
  formatDate,
  lang,
  requireAction,
  requireMember,
  say,
  takePendingForm,
  type FieldError,
} from './web-context';

const base = (id: string): string => `/vurderinger/${id}`;

/** The version a form was read at; a missing or garbled one can never match, so it ends as a conflict. */
function expectedVersion(values: Record<string, unknown>): number {
  const v = Number(values.version);
  return Number.isSafeInteger(v) && v > 0 ? v : -1;
}

/** The version to show again in a form with errors: the one it was read at, if it is one. */
function keptVersion(values: Record<string, unknown>): number | undefined {
  const v = expectedVersion(values);
  return v > 0 ? v : undefined;
}

const STEP_PATHS: Record<Step, string> = {
  document: 'dokument',
  processing: 'behandling',
  overview: 'overblik',
  stage1: 'trin-1',
  stage2: 'trin-2',
  check: 'tjek',
  outcome: 'resultat',
};

function ws(res: Response): Workspace {
  return res.locals.ws as Workspace;
}

/** The questionnaire state of a workspace past `needsAnalysis`. */
function stateOf(w: Workspace): NonNullable<Workspace['state']> {
  if (!w.state) throw new Error('no questionnaire state before the document is processed');
  return w.state;
}

function conflictError(res: Response, e: ConflictError): FieldError {
  return {
    field: 'form',
    message: say(
      res,
      `En anden har gemt ændringer i vurderingen, mens du arbejdede (nu version ${e.current}). Det, du skrev, er bevaret nedenfor – kontrollér det, og gem igen.`,
      `Someone else saved changes to the assessment while you were working (now version ${e.current}). What you typed is kept below – check it and save again.`,
    ),
  };
}

/** A stale save of answers: the page then shows the user's answers next to the saved ones (#konflikt). */
function answerConflictError(res: Response, e: ConflictError): FieldError {
  return {
    field: 'konflikt',
    message: say(
      res,
      `En anden har gemt ændringer i vurderingen, mens du arbejdede (nu version ${e.current}). Dit svar er ikke gemt – det, du skrev, er bevaret nedenfor. Sammenlign det med det gemte svar, og gem igen, hvis dit svar skal gælde.`,
      `Someone else saved changes to the assessment while you were working (now version ${e.current}). Your answer has not been saved – what you typed is kept below. Compare it with the saved answer, and save again if yours is to stand.`,
    ),
  };
}

const DOCUMENT_STATUS: Record<DocumentVersion['status'], { da: string; en: string }> = {
  queued: { da: 'venter på behandling', en: 'waiting to be processed' },
  processing: { da: 'behandles', en: 'being processed' },
  done: { da: 'behandlet', en: 'processed' },
  failed: { da: 'kunne ikke behandles', en: 'could not be processed' },
};

/** A stale upload: nothing was stored; the message says which document version is the newest now. */
function uploadConflictError(
  res: Response,
  e: ConflictError,
  latest: DocumentVersion | undefined,
): FieldError {
  const l = lang(res);
  const now = latest
    ? say(
        res,
        ` Den nyeste dokumentversion er nu nr. ${latest.number}, »${latest.fileName}«, indlæst ${formatDate(latest.createdAt, l, true)} (${DOCUMENT_STATUS[latest.status].da}).`,
        ` The newest document version is now no. ${latest.number}, “${latest.fileName}”, uploaded ${formatDate(latest.createdAt, l, true)} (${DOCUMENT_STATUS[latest.status].en}).`,
      )
    : '';
  return {
    field: 'file',
    message:
      say(
        res,
        `En anden har gemt ændringer i vurderingen, mens du arbejdede (nu version ${e.current}). Dit dokument er ikke indlæst.`,
        `Someone else saved changes to the assessment while you were working (now version ${e.current}). Your document has not been uploaded.`,
      ) +
      now +
      say(
        res,
        ' Vælg filen igen og indlæs den, hvis den skal være den nyeste version.',
        ' Choose the file again and upload it if it is to be the newest version.',
      ),
  };
}

const SIGN_OFF_LABELS: Record<SignOffAction, { da: string; en: string }> = {
  submit: { da: 'Send til godkendelse', en: 'Send for approval' },
  return: { da: 'Send tilbage til kladde', en: 'Return to draft' },
  approve: { da: 'Godkend', en: 'Approve' },
  publish: { da: 'Offentliggør', en: 'Publish' },
};

/** A stale sign-off move: not made; the message gives the status the assessment has now. */
function signOffConflictError(
  res: Response,
  e: ConflictError,
  action: SignOffAction,
  status: Assessment['status'],
): FieldError {
  const label = SIGN_OFF_LABELS[action];
  const name = STATUS_NAMES[status];
  return {
    field: 'status',
    message: say(
      res,
      `En anden har ændret vurderingen, mens du havde siden åben (nu version ${e.current}). »${label.da}« er ikke udført. Vurderingen er nu ${name.da}. Kontrollér status herunder, og vælg igen.`,
      `Someone else changed the assessment while you had the page open (now version ${e.current}). “${label.en}” has not been done. The assessment is now ${name.en}. Check the status below and choose again.`,
    ),
  };
}

export function assessmentRoutes(services: AppServices): Router {
  const svc = services.assessments;
  const r = Router();
  const read = requireAction('assessment:read');
  const write = requireAction('assessment:write');
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: services.maxUploadBytes, files: 1, fields: 10, fieldSize: services.maxUploadBytes },
  });

  /** The member as an invited reviewer of the organisation owning the assessment, if they are invited to it. */
  async function asGuest(member: Member, id: string): Promise<Member | undefined> {
    const owner = await services.guests.ownerFor(member.id, id);
    return owner && { ...member, organisation: owner, role: 'reviewer' };
  }

  /**
   * Loads the assessment of the member's own organisation, or one they are invited to review (then they act as a
   * reviewer of the owning organisation on this request only); anything else is a 404, never its data.
   */
  async function load(req: Request, res: Response, next: NextFunction): Promise<void> {
    const id = String(req.params.id ?? '');
    const member = currentMember(res);
    let found = /^[0-9a-f-]{36}$/.test(id) ? await svc.workspace(member, id) : undefined;
    if (!found && /^[0-9a-f-]{36}$/.test(id)) {
      const guest = await asGuest(member, id);
      found = guest && (await svc.workspace(guest, id));
      if (guest && found) {
        res.locals.actor = guest;
        res.locals.guestOf = guest.organisation.name;
      }
    }
    res.locals.canWrite = can(currentMember(res).role, 'assessment:write');
    if (!found) {
      res.status(404).render('error', {
        title: say(res, 'Vurderingen findes ikke', 'Assessment not found'),
        message: say(
          res,
          'Vurderingen findes ikke, eller du har ikke adgang til den.',
          'The assessment does not exist, or you do not have access to it.',
        ),
      });
      return;
    }
    res.locals.ws = found;
    res.locals.assessment = found.assessment;
    // Quotes are in the document's language, whatever the page's (WCAG 3.1.2).
    if (found.analysis) res.locals.docLang = found.analysis.doc.language;
    next();
  }

  // One assessment: logged in, then found in the member's organisation (404 otherwise), then the role.
  const readOne = [requireMember, load, read];
  const writeOne = [requireMember, load, write, notReadOnly];

  /** An approved or published assessment is a record: its pages that change it send the user to sign-off. */
  function notReadOnly(req: Request, res: Response, next: NextFunction): void {
    const w = ws(res);
    if (!isReadOnly(w.assessment)) return next();
    flash(
      req,
      'info',
      'Vurderingen er godkendt og kan ikke længere ændres. Start en ny version for at ændre den.',
      'The assessment is approved and can no longer be changed. Start a new version to change it.',
    );
    res.redirect(303, `${base(w.assessment.id)}/godkendelse`);
  }

  /**
   * After a conflict: the assessment as saved now, read again (its version first, so a form given it can only be
   * too old, never too new). The page is drawn from it when `usable`, else from what the request loaded.
   */
  async function savedNow(res: Response, usable: (w: Workspace) => boolean = () => true): Promise<Workspace> {
    const w = ws(res);
    const now = await svc.workspace(currentMember(res), w.assessment.id);
    if (!now) return w;
    if (usable(now)) {
      res.locals.ws = now;
      res.locals.assessment = now.assessment;
    }
    return now;
  }

  /** Pages after the upload need a processed document: otherwise back to where the user can go on. */
  function needsAnalysis(req: Request, res: Response, next: NextFunction): void {
    const w = ws(res);
    if (w.analysis && w.state) return next();
    res.redirect(303, `${base(w.assessment.id)}/${w.document ? 'behandling' : 'dokument'}`);
  }

  // Only someone who works on the assessment moves its bookmark; readers and invited guests leave it be.
  const step = async (res: Response, s: Step): Promise<void> => {
    const w = ws(res);
    if (w.assessment.step !== s && can(currentMember(res).role, 'assessment:write'))
      await svc.setStep(currentMember(res), w.assessment.id, s);
  };

  /** An audit event for what a member did on an assessment page (the service records its own use cases). */
  const recordFor = (m: Member, assessmentId: string, action: string, detail: Record<string, unknown>) =>
    services.audit.record({ organisationId: m.organisation.id, userId: m.id, assessmentId, action, detail });

  // ---------- list and new ----------

  r.get('/vurderinger', read, async (_req, res) => {
    const m = currentMember(res);
    const [assessments, shared] = await Promise.all([svc.list(m), services.guests.sharedWith(m.id)]);
    res.render('assessments', { assessments, shared });
  });

  const rulesetChoices = () =>
    rulesetIds().map((id) => ({
      id,
      title: localText(svc.ruleset(id).title, 'da'),
      titleEn: localText(svc.ruleset(id).title, 'en'),
    }));

  r.get('/vurderinger/ny', write, (req, res) => {
    const kept = takePendingForm(req);
    const m = currentMember(res);
    res.render('assessment-new', {
      values: kept
        ? typedValues(kept)
        : { authority: m.organisation.name, mode: 'a', rulesetId: 'dk-lovforslag' },
      errors: [],
      rulesets: rulesetChoices(),
    });
  });

  r.post('/vurderinger/ny', write, async (req, res) => {
    const ids = rulesetIds();
    const schema = z.object({
      title: z
        .string()
        .trim()
        .min(
          1,
          say(
            res,
            'Skriv titlen på lovforslaget eller politikken.',
            'Enter the title of the bill or policy.',
          ),
        )
        .max(500, say(res, 'Titlen må højst være 500 tegn.', 'The title must be at most 500 characters.')),
      authority: z
        .string()
        .trim()
        .min(1, say(res, 'Skriv ministeriet eller kommunen.', 'Enter the ministry or municipality.'))
        .max(200),
      caseNumber: z
        .string()
        .trim()
        .max(
          100,
          say(res, 'Sagsnummeret må højst være 100 tegn.', 'The case number must be at most 100 characters.'),
        ),
      rulesetId: z
        .string()
        .refine((v) => ids.includes(v), say(res, 'Vælg et regelsæt.', 'Choose a ruleset.')),
      mode: z.enum(['a', 'b'], {
        error: say(
          res,
          'Vælg, hvordan konsekvenserne skal beskrives.',
          'Choose how the consequences are to be described.',
        ),
      }),
    });
    const v = validateForm(schema, req.body);
    if (!v.ok)
      return res.status(400).render('assessment-new', {
        values: typedValues(req.body),
        errors: v.errors,
        rulesets: rulesetChoices(),
      });
    const a = await svc.create(currentMember(res), v.data);
    flash(
      req,
      'success',
      'Vurderingen er oprettet. Indlæs nu dokumentet.',
      'The assessment has been created. Now upload the document.',
    );
    res.redirect(303, `${base(a.id)}/dokument`);
  });

  r.get('/vurderinger/:id', ...readOne, (_req, res) => {
    const w = ws(res);
    const m = currentMember(res);
    let step = STEP_PATHS[w.assessment.step] ?? 'overblik';
    // Someone who only reads resumes on a page they may see.
    if (!can(m.role, 'assessment:write') && ['dokument', 'trin-1', 'trin-2'].includes(step))
      step = w.analysis ? 'overblik' : 'behandling';
    res.redirect(303, `${base(w.assessment.id)}/${step}`);
  });

  // ---------- document ----------

  const documentPage = (
    res: Response,
    status: number,
    values: Record<string, string>,
    errors: FieldError[],
  ) => res.status(status).render('document', { values, errors, maxMb: services.config.MAX_UPLOAD_MB });

  r.get('/vurderinger/:id/dokument', ...writeOne, (req, res) => {
    const kept = takePendingForm(req);
    documentPage(res, 200, kept ? typedValues(kept) : {}, []);
  });

  r.post(
    '/vurderinger/:id/dokument',
    ...writeOne,
    (req, res, next) => {
      upload.single('file')(req, res, (err: unknown) => {
        if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE')
          return documentPage(res, 413, {}, [
            {
              field: 'file',
              message: say(
                res,
                `Filen er større end ${services.config.MAX_UPLOAD_MB} MB. Vælg en mindre fil, eller indsæt teksten.`,
                `The file is larger than ${services.config.MAX_UPLOAD_MB} MB. Choose a smaller file, or paste the text.`,
              ),
            },
          ]);
        if (err) return next(err);
        checkCsrf(req, res, next);
      });
    },
    async (req, res) => {
      const w = ws(res);
      const values = typedValues(req.body);
      const text = values.text ?? '';
      const file = req.file;
      let input: { fileName: string; bytes: Uint8Array } | undefined;
      if (file && file.size > 0) input = { fileName: file.originalname || 'dokument', bytes: file.buffer };
      else if (file && text.trim() === '')
        return documentPage(res, 422, values, [
          {
            field: 'file',
            message: say(
              res,
              'Filen er tom (0 byte). Vælg en anden fil.',
              'The file is empty (0 bytes). Choose another file.',
            ),
          },
        ]);
      else if (text.trim()) input = { fileName: 'indsat-tekst.txt', bytes: Buffer.from(text, 'utf8') };
      if (!input)
        return documentPage(res, 400, values, [
          {
            field: 'file',
            message: say(
              res,
              'Vælg en fil, eller indsæt dokumentets tekst.',
              'Choose a file, or paste the document’s text.',
            ),
          },
        ]);
      try {
        const doc = await svc.upload(currentMember(res), w.assessment.id, expectedVersion(values), input);
        // Most bad files are refused within a moment: then the error is shown here, on the upload page.
        await svc.settle(doc.id, 1500);
        const after = await svc.workspace(currentMember(res), w.assessment.id);
        if (after?.document?.id === doc.id && after.document.status === 'failed' && after.document.error)
          return documentPage(res, 422, { ...values, version: String(after.assessment.version) }, [
            {
              field: 'file',
              message: lang(res) === 'en' ? after.document.error.en : after.document.error.da,
            },
          ]);
        res.redirect(
          303,
          `${base(w.assessment.id)}/${after?.document?.status === 'done' ? 'overblik' : 'behandling'}`,
        );
      } catch (e) {
        if (e instanceof ConflictError) {
          const now = await savedNow(res);
          return documentPage(res, 409, { ...values, version: String(now.assessment.version) }, [
            uploadConflictError(res, e, now.document),
          ]);
        }
        if (e instanceof UploadLimitError) {
          res.set('Retry-After', String(e.retryAfterS));
          return documentPage(res, 429, values, [{ field: 'file', message: say(res, e.da, e.en) }]);
        }
        if (e instanceof InputError)
          return documentPage(res, 422, values, [{ field: 'file', message: say(res, e.da, e.en) }]);
        throw e;
      }
    },
  );

  // ---------- processing ----------

  function progressOf(assessmentId: string, d: DocumentVersion | undefined) {
    return {
      status: d?.status ?? 'none',
      progress: d?.progress ?? '',
      fileName: d?.fileName ?? '',
      error: d?.error ?? null,
      next: d?.status === 'done' ? `${base(assessmentId)}/overblik` : null,
    };
  }

  r.get('/vurderinger/:id/behandling', ...readOne, async (_req, res) => {
    const w = ws(res);
    if (!w.document) return res.redirect(303, `${base(w.assessment.id)}/dokument`);
    if (w.document.status === 'done') return res.redirect(303, `${base(w.assessment.id)}/overblik`);
    res.render('processing', {
      job: progressOf(w.assessment.id, w.document),
      values: {},
      errors: [],
      maxMb: services.config.MAX_UPLOAD_MB,
    });
  });

  // Polled every second while a document is processed: reads only the document version, not the whole workspace.
  r.get('/vurderinger/:id/status', requireMember, read, async (req, res) => {
    const id = String(req.params.id ?? '');
    const valid = /^[0-9a-f-]{36}$/.test(id);
    let member = currentMember(res);
    let found = valid ? await svc.assessment(member, id) : undefined;
    if (!found && valid) {
      const guest = await asGuest(member, id);
      found = guest && (await svc.assessment(guest, id));
      if (guest) member = guest;
    }
    if (!found) {
      res.status(404).json({ error: say(res, 'Vurderingen findes ikke.', 'Assessment not found.') });
      return;
    }
    const document = await svc.documentStatus(member, id);
    res.set('Cache-Control', 'no-store').json(progressOf(found.id, document));
  });

  // ---------- overview ----------

  r.get('/vurderinger/:id/overblik', ...readOne, needsAnalysis, async (_req, res) => {
    await step(res, 'overview');
    res.render('overview', { view: overviewView(ws(res), lang(res)), document: ws(res).document });
  });

  // ---------- stage 1 ----------

  const stage1Page = (
    res: Response,
    status: number,
    values: FormValues,
    errors: FieldError[],
    version?: number,
    conflict?: ConflictView,
  ) =>
    res.status(status).render('stage1', {
      triggers: stage1View(ws(res), lang(res)),
      values,
      errors,
      version: version ?? ws(res).assessment.version,
      conflict,
    });

  r.get('/vurderinger/:id/trin-1', ...writeOne, needsAnalysis, async (req, res) => {
    const w = ws(res);
    const kept = takePendingForm(req);
    await step(res, 'stage1');
    stage1Page(
      res,
      200,
      kept ? formValues(kept) : triggerFormValues(stateOf(w).triggers, w.answers.triggers),
      [],
    );
  });

  r.post('/vurderinger/:id/trin-1', ...writeOne, needsAnalysis, async (req, res) => {
    const w = ws(res);
    const values = formValues(req.body);
    const { answers, errors } = triggerAnswersFromForm(req.body, stateOf(w).triggers, lang(res));
    if (errors.length) return stage1Page(res, 400, values, errors, keptVersion(values));
    try {
      await svc.saveTriggers(currentMember(res), w.assessment.id, expectedVersion(values), answers);
    } catch (e) {
      if (e instanceof ConflictError) {
        const now = await savedNow(res, (x) => Boolean(x.state));
        const conflict = stage1Conflict(
          stage1View(ws(res), lang(res)),
          answers,
          now.answers.triggers,
          lang(res),
        );
        return stage1Page(res, 409, values, [answerConflictError(res, e)], now.assessment.version, conflict);
      }
      throw e;
    }
    const after = await svc.workspace(currentMember(res), w.assessment.id);
    const first = after?.state?.visible[0]?.question.id;
    res.redirect(303, first ? `${base(w.assessment.id)}/trin-2/${first}` : `${base(w.assessment.id)}/tjek`);
  });

  // ---------- stage 2 ----------

  /** Stage 1 must be answered before stage 2; and no deep link past the first unanswered question. */
  function stage2Gate(req: Request, res: Response, next: NextFunction): void {
    const w = ws(res);
    const state = stateOf(w);
    if (state.triggers.some((t) => !w.answers.triggers[t.trigger])) {
      flash(req, 'info', 'Besvar først spørgsmålene i trin 1.', 'First answer the questions in stage 1.');
      return res.redirect(303, `${base(w.assessment.id)}/trin-1`);
    }
    const q = req.params.questionId as string | undefined;
    if (!q) {
      return res.redirect(
        303,
        state.next ? `${base(w.assessment.id)}/trin-2/${state.next}` : `${base(w.assessment.id)}/tjek`,
      );
    }
    const ids = state.visible.map((v) => v.question.id);
    const at = ids.indexOf(q);
    const nextAt = state.next ? ids.indexOf(state.next) : ids.length;
    if (at < 0) return res.redirect(303, `${base(w.assessment.id)}/trin-2`);
    if (at > nextAt) return res.redirect(303, `${base(w.assessment.id)}/trin-2/${state.next}`);
    next();
  }

  const stage2Page = (
    res: Response,
    status: number,
    qid: string,
    values: FormValues,
    errors: FieldError[],
    version?: number,
    conflict?: ConflictView,
  ) => {
    const view = stage2View(ws(res), qid, values, lang(res));
    res
      .status(status)
      .render('stage2', { q: view, errors, version: version ?? ws(res).assessment.version, conflict });
  };

  r.get('/vurderinger/:id/trin-2', ...writeOne, needsAnalysis, stage2Gate);

  r.get('/vurderinger/:id/trin-2/:questionId', ...writeOne, needsAnalysis, stage2Gate, async (req, res) => {
    const w = ws(res);
    const qid = String(req.params.questionId);
    const kept = takePendingForm(req);
    await step(res, 'stage2');
    stage2Page(res, 200, qid, kept ? formValues(kept) : questionFormValues(w.answers.questions[qid]), []);
  });

  r.post('/vurderinger/:id/trin-2/:questionId', ...writeOne, needsAnalysis, stage2Gate, async (req, res) => {
    const w = ws(res);
    const qid = String(req.params.questionId);
    const question = stateOf(w).visible.find((v) => v.question.id === qid)?.question;
    if (!question) return res.redirect(303, `${base(w.assessment.id)}/trin-2`);
    const values = formValues(req.body);
    const { answer, errors } = questionAnswerFromForm(req.body, question, lang(res));
    if (errors.length) return stage2Page(res, 400, qid, values, errors, keptVersion(values));
    try {
      await svc.saveQuestion(currentMember(res), w.assessment.id, expectedVersion(values), qid, answer);
    } catch (e) {
      if (e instanceof ConflictError) {
        // The question may have left the list (stage 1 changed): the page is then drawn as it was loaded.
        const now = await savedNow(res, (x) => Boolean(x.state?.visible.some((v) => v.question.id === qid)));
        const conflict = stage2Conflict(answer, now.answers.questions[qid], lang(res));
        return stage2Page(
          res,
          409,
          qid,
          values,
          [answerConflictError(res, e)],
          now.assessment.version,
          conflict,
        );
      }
      throw e;
    }
    const after = await svc.workspace(currentMember(res), w.assessment.id);
    const ids = after?.state?.visible.map((v) => v.question.id) ?? [];
    const following = ids.slice(ids.indexOf(qid) + 1).find((id) => !after?.answers.questions[id]);
    const to = values.goto === 'check' || !following ? 'tjek' : `trin-2/${following}`;
    res.redirect(303, `${base(w.assessment.id)}/${to}`);
  });

  // ---------- check, outcome, note ----------

  const checkPage = async (
    res: Response,
    status: number,
    errors: FieldError[],
    values: Record<string, string>,
  ) => {
    const w = ws(res);
    const comments = await services.comments.list(currentMember(res).organisation.id, w.assessment.id);
    res.status(status).render('check', {
      view: checkView(w, lang(res)),
      comments: commentsView(w, comments, lang(res)),
      errors,
      values,
    });
  };

  r.get('/vurderinger/:id/tjek', ...readOne, needsAnalysis, async (_req, res) => {
    await step(res, 'check');
    await checkPage(res, 200, [], {});
  });

  // ---------- review comments (any reader may comment; writers and the comment's author resolve) ----------

  r.post('/vurderinger/:id/kommentarer', ...readOne, needsAnalysis, async (req, res) => {
    const w = ws(res);
    const m = currentMember(res);
    const values = typedValues(req.body);
    const parentId = values.parentId || undefined;
    const body = ((parentId ? values[`reply-${parentId}`] : values['comment-body']) ?? '').trim();
    const targets = commentsView(w, [], lang(res)).targets.map((t) => t.value);
    const errors: FieldError[] = [];
    if (!body)
      errors.push({
        field: parentId ? `reply-${parentId}` : 'comment-body',
        message: say(res, 'Skriv en kommentar.', 'Write a comment.'),
      });
    else if (body.length > 5000)
      errors.push({
        field: parentId ? `reply-${parentId}` : 'comment-body',
        message: say(
          res,
          'En kommentar må højst være 5.000 tegn.',
          'A comment can be at most 5,000 characters.',
        ),
      });
    if (!parentId && !targets.includes(values.target ?? ''))
      errors.push({
        field: 'comment-target',
        message: say(res, 'Vælg, hvad kommentaren handler om.', 'Choose what the comment is about.'),
      });
    if (errors.length) return checkPage(res, 400, errors, values);
    const added = await services.comments.add(m.organisation.id, {
      assessmentId: w.assessment.id,
      ...(parentId ? { parentId } : {}),
      target: values.target ?? 'general',
      body,
      author: { id: m.id, name: m.name },
    });
    if (!added)
      return checkPage(
        res,
        404,
        [{ field: 'comment-body', message: say(res, 'Tråden findes ikke.', 'The thread does not exist.') }],
        values,
      );
    await recordFor(m, w.assessment.id, 'comment-added', { comment: added.id, target: added.target });
    res.redirect(303, `${base(w.assessment.id)}/tjek#kommentarer`);
  });

  r.post('/vurderinger/:id/kommentarer/:commentId/loest', ...readOne, needsAnalysis, async (req, res) => {
    const w = ws(res);
    const m = currentMember(res);
    const commentId = String(req.params.commentId ?? '');
    const thread = (await services.comments.list(m.organisation.id, w.assessment.id)).find(
      (c) => c.id === commentId,
    );
    if (!thread || thread.parentId)
      return checkPage(
        res,
        404,
        [{ field: 'kommentarer', message: say(res, 'Tråden findes ikke.', 'The thread does not exist.') }],
        {},
      );
    if (!can(m.role, 'assessment:write') && thread.author.id !== m.id)
      return checkPage(
        res,
        403,
        [
          {
            field: 'kommentarer',
            message: say(
              res,
              'Kun den, der skrev kommentaren, eller en sagsbehandler kan markere den som løst.',
              'Only the comment’s author or an author of the assessment can mark it resolved.',
            ),
          },
        ],
        {},
      );
    await services.comments.resolve(m.organisation.id, w.assessment.id, commentId, m.name);
    await recordFor(m, w.assessment.id, 'comment-resolved', { comment: commentId });
    res.redirect(303, `${base(w.assessment.id)}/tjek#kommentarer`);
  });

  /** Relevant in stage 1, but stage 2 not done: "comply or explain" asks for a reason. */
  const needsReason = (w: Workspace): boolean =>
    w.state?.relevance === 'relevant' && w.state.outcome.bottomLine === 'not-assessed';

  const outcomePage = (
    res: Response,
    status: number,
    note: NonNullable<ReturnType<typeof svc.note>>,
    errors: FieldError[],
    values: Record<string, string>,
    version?: number,
  ) => {
    const w = ws(res);
    const m = currentMember(res);
    res.status(status).render('outcome', {
      view: outcomeView(w, lang(res)),
      noteHtml: renderHtmlBody(note, 1),
      explain: needsReason(w)
        ? {
            reason: w.assessment.notAssessedReason ?? '',
            canEdit: can(m.role, 'assessment:write') && !isReadOnly(w.assessment),
          }
        : undefined,
      errors,
      values,
      version: version ?? w.assessment.version,
    });
  };

  r.get('/vurderinger/:id/resultat', ...readOne, needsAnalysis, async (_req, res) => {
    const w = ws(res);
    const note = svc.note(w, currentMember(res));
    if (!note) return res.redirect(303, `${base(w.assessment.id)}/behandling`);
    await step(res, 'outcome');
    outcomePage(res, 200, note, [], {});
  });

  r.post('/vurderinger/:id/begrundelse', ...writeOne, needsAnalysis, async (req, res) => {
    const w = ws(res);
    const note = svc.note(w, currentMember(res));
    if (!note) return res.redirect(303, `${base(w.assessment.id)}/behandling`);
    if (!needsReason(w)) {
      flash(
        req,
        'info',
        'Der skal kun gives en begrundelse, når forslaget er relevant, og trin 2 ikke er gennemført.',
        'A reason is only needed when the proposal is relevant and stage 2 has not been completed.',
      );
      return res.redirect(303, `${base(w.assessment.id)}/resultat`);
    }
    const values = typedValues(req.body);
    const missing = say(
      res,
      'Skriv begrundelsen for ikke at gennemføre trin 2.',
      'Enter the reason for not completing stage 2.',
    );
    const schema = z.object({
      reason: z
        .string({ error: missing })
        .trim()
        .min(1, missing)
        .max(
          2000,
          say(res, 'Begrundelsen må højst være 2.000 tegn.', 'The reason must be at most 2,000 characters.'),
        ),
    });
    const v = validateForm(schema, req.body);
    if (!v.ok) return outcomePage(res, 400, note, v.errors, values, keptVersion(values));
    try {
      await svc.saveNotAssessedReason(
        currentMember(res),
        w.assessment.id,
        expectedVersion(values),
        v.data.reason,
      );
    } catch (e) {
      if (e instanceof ConflictError)
        return outcomePage(
          res,
          409,
          note,
          [{ ...conflictError(res, e), field: 'reason' }],
          values,
          e.current,
        );
      throw e;
    }
    flash(req, 'success', 'Begrundelsen er gemt.', 'The reason has been saved.');
    res.redirect(303, `${base(w.assessment.id)}/resultat#begrundelse`);
  });

  r.get('/vurderinger/:id/notat.docx', ...readOne, needsAnalysis, async (req, res) => {
    const w = ws(res);
    const m = currentMember(res);
    const note = svc.note(w, m);
    if (!note) return res.redirect(303, `${base(w.assessment.id)}/behandling`);
    // The review comments go in an appendix only when asked for: the note is often sent outside the ministry.
    if (req.query.kommentarer === '1') {
      const comments = await services.comments.list(m.organisation.id, w.assessment.id);
      note.comments = noteComments(commentsView(w, comments, note.language), note.language);
    }
    const bytes = await svc.noteDocx(note);
    const name = `konsekvensnotat-${w.assessment.title.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60)}.docx`;
    res
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .set(
        'Content-Disposition',
        `attachment; filename="notat.docx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      )
      .send(bytes);
  });

  // ---------- a new draft ----------

  r.get('/vurderinger/:id/aendringer', ...readOne, needsAnalysis, (_req, res) => {
    const view = changesView(ws(res));
    if (!view) return res.redirect(303, `${base(ws(res).assessment.id)}/overblik`);
    res.render('changes', { view });
  });

  // ---------- deletion ----------

  r.post(
    '/vurderinger/:id/slet',
    requireMember,
    load,
    requireAction('assessment:delete'),
    async (req, res) => {
      const w = ws(res);
      if (typedValues(req.body).confirm !== 'yes')
        return signOffPage(res, 400, [
          {
            field: 'confirm',
            message: say(
              res,
              'Sæt kryds for at bekræfte, at vurderingen og alt dens indhold skal slettes.',
              'Tick the box to confirm that the assessment and everything it holds are to be deleted.',
            ),
          },
        ]);
      await svc.delete(currentMember(res), w.assessment.id);
      flash(
        req,
        'success',
        `Vurderingen »${w.assessment.title}« er slettet.`,
        `The assessment “${w.assessment.title}” has been deleted.`,
      );
      res.redirect(303, '/vurderinger');
    },
  );

  // ---------- sign-off ----------

  const signOffPage = async (
    res: Response,
    status: number,
    errors: FieldError[],
    version?: number,
    email = '',
  ): Promise<void> => {
    const w = ws(res);
    const m = currentMember(res);
    const canShare = can(m.role, 'assessment:write');
    res.status(status).render('signoff', {
      canShare,
      guests: canShare ? await services.guests.guests(m.organisation.id, w.assessment.id) : [],
      email,
      status: w.assessment.status,
      statusName: STATUS_NAMES[w.assessment.status][lang(res)],
      signOff: w.assessment.signOff,
      actions: SIGN_OFF_ACTIONS.filter((a) => !signOffProblem(m, w.assessment, a)),
      readOnly: isReadOnly(w.assessment),
      canStartNewVersion: isReadOnly(w.assessment) && can(m.role, 'assessment:write'),
      canDelete: can(m.role, 'assessment:delete'),
      previousId: w.assessment.previousId,
      errors,
      version: version ?? w.assessment.version,
    });
  };

  r.get('/vurderinger/:id/godkendelse', ...readOne, (_req, res) => {
    signOffPage(res, 200, []);
  });

  r.post('/vurderinger/:id/godkendelse', ...readOne, async (req, res) => {
    const w = ws(res);
    const values = typedValues(req.body);
    const action = SIGN_OFF_ACTIONS.find((a) => a === values.action);
    if (!action)
      return signOffPage(res, 400, [
        { field: 'form', message: say(res, 'Vælg en handling.', 'Choose an action.') },
      ]);
    try {
      const after = await svc.signOff(currentMember(res), w.assessment.id, expectedVersion(values), action);
      const name = STATUS_NAMES[after.status];
      flash(req, 'success', `Vurderingen er nu ${name.da}.`, `The assessment is now ${name.en}.`);
      res.redirect(303, `${base(w.assessment.id)}/godkendelse`);
    } catch (e) {
      // Someone else's move is the usual reason: the page shows the assessment as it is now.
      if (e instanceof SignOffError) {
        await savedNow(res);
        return signOffPage(res, 403, [{ field: 'form', message: say(res, e.da, e.en) }]);
      }
      if (e instanceof ConflictError) {
        const now = await savedNow(res);
        return signOffPage(res, 409, [signOffConflictError(res, e, action, now.assessment.status)]);
      }
      throw e;
    }
  });

  // ---------- sharing with the cross-party network ----------

  // Sharing does not change the assessment, so an approved one can still be shared for review.
  r.post('/vurderinger/:id/deling', requireMember, load, write, async (req, res) => {
    const w = ws(res);
    const m = currentMember(res);
    const email = field(req.body, 'email');
    const problem = !email
      ? say(
          res,
          'Skriv e-mailadressen på den, der skal inviteres.',
          'Enter the e-mail address of the person to invite.',
        )
      : !z.email().safeParse(email).success
        ? say(
            res,
            'Skriv en gyldig e-mailadresse, fx navn@ft.dk.',
            'Enter a valid e-mail address, e.g. name@ft.dk.',
          )
        : undefined;
    const guest = problem ? undefined : await services.guests.networkUser(email);
    if (problem || !guest)
      return signOffPage(
        res,
        400,
        [
          {
            field: 'email',
            message:
              problem ??
              say(
                res,
                'Der er ingen bruger med den e-mailadresse i en netværksorganisation. Bed netværkets administrator om at invitere personen til Relationstjek først.',
                'There is no user with that e-mail address in a network organisation. Ask the network’s administrator to invite the person to Relationstjek first.',
              ),
          },
        ],
        undefined,
        email,
      );
    await services.guests.grant(m.organisation.id, w.assessment.id, guest.id, m.id);
    await recordFor(m, w.assessment.id, 'guest-invited', { guest: guest.id, name: guest.name });
    flash(
      req,
      'success',
      `${guest.name} kan nu læse og kommentere vurderingen.`,
      `${guest.name} can now read and comment on the assessment.`,
    );
    res.redirect(303, `${base(w.assessment.id)}/godkendelse#deling`);
  });

  r.post('/vurderinger/:id/deling/:userId/fjern', requireMember, load, write, async (req, res) => {
    const w = ws(res);
    const m = currentMember(res);
    const userId = String(req.params.userId);
    if (!(await services.guests.revoke(m.organisation.id, w.assessment.id, userId)))
      return signOffPage(res, 404, [
        {
          field: 'form',
          message: say(
            res,
            'Personen har ikke adgang til vurderingen.',
            'The person has no access to the assessment.',
          ),
        },
      ]);
    await recordFor(m, w.assessment.id, 'guest-removed', { guest: userId });
    flash(req, 'success', 'Adgangen er fjernet.', 'The access has been removed.');
    res.redirect(303, `${base(w.assessment.id)}/godkendelse#deling`);
  });

  r.post('/vurderinger/:id/ny-version', requireMember, load, write, async (req, res) => {
    try {
      const created = await svc.startNewVersion(currentMember(res), ws(res).assessment.id);
      flash(
        req,
        'success',
        'En ny version er startet med samme dokument og svar. Den gamle version er uændret.',
        'A new version has been started with the same document and answers. The old version is unchanged.',
      );
      res.redirect(303, `${base(created.id)}/tjek`);
    } catch (e) {
      if (e instanceof SignOffError)
        return signOffPage(res, 409, [{ field: 'form', message: say(res, e.da, e.en) }]);
      throw e;
    }
  });

  return r;
}
