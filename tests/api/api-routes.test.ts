import JSZip from 'jszip';
import request from 'supertest';
import {
  AnswersSaved,
  ApiError,
  AssessmentList,
  AssessmentSummary,
  DocumentAccepted,
  DocumentStatus,
  Findings,
  Outcome,
} from '../../src/api/api-schemas';
import type { Member } from '../../src/domain/assessment';
import { describeEachDatabase } from '../helpers/test-databases';
import {
  buffered,
  seedOrganisation,
  startTestApp,
  type SeededOrganisation,
  type TestApp,
} from '../helpers/test-app';

const TITLE = 'Forslag til Lov om ændring af lov om social service';
const SAMPLE = 'samples/lovforslag-aendring.docx';
const WORD = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const MISSING = '00000000-0000-4000-8000-000000000000';

type Body = string | object | undefined;

describeEachDatabase('the JSON API /api/v1', (getDb) => {
  let t: TestApp;
  let org: SeededOrganisation;
  let other: SeededOrganisation;
  const token = { author: '', reviewer: '', admin: '', otherAuthor: '' };
  /** The assessment the flow below creates and fills in. */
  let id = '';

  beforeAll(async () => {
    // A small upload limit, so a too-large file is cheap to send.
    t = await startTestApp(getDb().dialect, { MAX_UPLOAD_MB: '0.125' });
    org = await seedOrganisation(t.services, 'Socialministeriet', { host: true });
    other = await seedOrganisation(t.services, 'Andenkommune', { kind: 'municipality' });
    const make = async (userId: string, organisationId: string) =>
      (await t.services.apiTokens.create({ userId, organisationId, name: 'test' })).token;
    token.author = await make(org.users.author.id, org.organisation.id);
    token.reviewer = await make(org.users.reviewer.id, org.organisation.id);
    token.admin = await make(org.users.admin.id, org.organisation.id);
    token.otherAuthor = await make(other.users.author.id, other.organisation.id);
  });
  afterAll(async () => {
    await t.close();
  });

  const auth = (tok?: string): Record<string, string> => (tok ? { Authorization: `Bearer ${tok}` } : {});
  const get = (path: string, tok?: string) => request(t.app).get(`/api/v1${path}`).set(auth(tok));
  const post = (path: string, body: Body, tok?: string) =>
    request(t.app).post(`/api/v1${path}`).set(auth(tok)).send(body);
  const put = (path: string, body: Body, tok?: string) =>
    request(t.app).put(`/api/v1${path}`).set(auth(tok)).send(body);
  const binary = (path: string, tok?: string) => buffered(get(path, tok));
  const upload = (assessmentId: string, file: Buffer | string, version?: string, tok = token.author) => {
    const req = request(t.app).post(`/api/v1/assessments/${assessmentId}/documents`).set(auth(tok));
    if (version !== undefined) req.set('If-Match', `"${version}"`);
    return typeof file === 'string'
      ? req.attach('file', file)
      : req.attach('file', file, { filename: 'tom.docx', contentType: 'application/octet-stream' });
  };

  /** An error body in the documented shape, with the code expected. */
  function errorOf(res: request.Response, status: number, code: string) {
    expect([res.status, res.headers['content-type']]).toEqual([status, expect.stringContaining('json')]);
    const body = ApiError.parse(res.body);
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(0);
    return body.error;
  }

  async function member(userId: string): Promise<Member> {
    const m = await t.services.accounts.member(userId);
    if (!m) throw new Error('no member');
    return m;
  }

  async function version(assessmentId: string): Promise<number> {
    return AssessmentSummary.parse((await get(`/assessments/${assessmentId}`, token.author)).body).version;
  }

  async function create(title = TITLE, tok = token.author) {
    const res = await post(
      '/assessments',
      {
        title,
        authority: 'Social- og Boligministeriet',
        caseNumber: '2026-4711',
        rulesetId: 'dk-lovforslag',
        mode: 'a',
      },
      tok,
    );
    expect(res.status).toBe(201);
    return AssessmentSummary.parse(res.body);
  }

  async function waitProcessed(assessmentId: string) {
    for (let i = 0; i < 240; i++) {
      const res = await get(`/assessments/${assessmentId}/documents/latest`, token.reviewer);
      expect(res.status).toBe(200);
      const d = DocumentStatus.parse(res.body);
      if (d.status === 'done' || d.status === 'failed') return d;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('document not processed in 60 s');
  }

  // ---------- authentication ----------

  describe('authentication', () => {
    it('no token: 401 with WWW-Authenticate: Bearer, as JSON, and no session cookie', async () => {
      const res = await get('/assessments');
      errorOf(res, 401, 'unauthorized');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="Relationstjek"$/);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('a token in another scheme, an unknown token and a malformed one: 401 invalid_token', async () => {
      const basic = await request(t.app).get('/api/v1/assessments').set('Authorization', 'Basic YTpi');
      errorOf(basic, 401, 'unauthorized');
      for (const bad of [`rt_${'A'.repeat(43)}`, 'not-a-token', token.author.slice(0, -2)]) {
        const res = await get('/assessments', bad);
        errorOf(res, 401, 'unauthorized');
        expect(res.headers['www-authenticate']).toContain('Bearer');
        expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
      }
    });

    it('a revoked token: 401', async () => {
      const { token: tok, apiToken } = await t.services.apiTokens.create({
        userId: org.users.author.id,
        organisationId: org.organisation.id,
        name: 'kortlivet',
      });
      expect((await get('/assessments', tok)).status).toBe(200);
      expect(await t.services.apiTokens.revoke(org.users.author.id, apiToken.id)).toBe(true);
      errorOf(await get('/assessments', tok), 401, 'unauthorized');
    });

    it('a session cookie is no way in: the API ignores the web login', async () => {
      const res = await request(t.app)
        .get('/api/v1/assessments')
        .set('Cookie', 'rt.sid=s%3Aanything; rt.in=1');
      errorOf(res, 401, 'unauthorized');
    });

    it('the OpenAPI document needs no token', async () => {
      expect((await get('/openapi.json')).status).toBe(200);
    });

    it('an unknown address under /api/v1 is a 404 in JSON, with or without a token', async () => {
      errorOf(await get('/nothing-here'), 404, 'not-found');
      errorOf(await get('/assessments/x/y/z', token.author), 404, 'not-found');
      errorOf(await request(t.app).delete('/api/v1/assessments').set(auth(token.admin)), 404, 'not-found');
    });
  });

  // ---------- assessments ----------

  describe('assessments', () => {
    it('POST creates one (201, Location, the documented summary), recorded in the audit log', async () => {
      const res = await post(
        '/assessments',
        {
          title: TITLE,
          authority: 'Social- og Boligministeriet',
          caseNumber: '2026-4711',
          rulesetId: 'dk-lovforslag',
          mode: 'a',
        },
        token.author,
      );
      expect(res.status).toBe(201);
      const a = AssessmentSummary.parse(res.body);
      expect(a).toMatchObject({
        title: TITLE,
        status: 'draft',
        version: 1,
        caseNumber: '2026-4711',
        mode: 'a',
      });
      expect(res.headers.location).toBe(`/api/v1/assessments/${a.id}`);
      id = a.id;
      const audit = await t.services.audit.list(org.organisation.id);
      expect(audit).toContainEqual(
        expect.objectContaining({
          action: 'assessment-created',
          assessmentId: id,
          userId: org.users.author.id,
        }),
      );
    });

    it('POST without a case number stores an empty one', async () => {
      const res = await post(
        '/assessments',
        { title: 'Uden sagsnummer', authority: 'Et ministerium', rulesetId: 'dk-lovforslag', mode: 'b' },
        token.admin,
      );
      expect(res.status).toBe(201);
      expect(AssessmentSummary.parse(res.body).caseNumber).toBe('');
    });

    it('POST with invalid fields: 400 with one issue per field, in Danish, and nothing created', async () => {
      const before = (await t.services.assessments.list(await member(org.users.author.id))).length;
      const res = await post(
        '/assessments',
        { title: '  ', authority: 'x', rulesetId: 'findes-ikke', mode: 'c', extra: 1 },
        token.author,
      );
      const e = errorOf(res, 400, 'validation');
      const paths = (e.issues ?? []).map((i) => i.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['title', 'rulesetId', 'mode', '']));
      expect(e.issues?.find((i) => i.path[0] === 'title')?.message).toBe(
        'Skriv titlen på lovforslaget eller politikken.',
      );
      expect(e.issues?.find((i) => i.path[0] === 'rulesetId')?.message).toContain('Regelsættet findes ikke');
      const missing = errorOf(await post('/assessments', {}, token.author), 400, 'validation');
      expect(missing.issues?.length).toBeGreaterThanOrEqual(4);
      expect((await t.services.assessments.list(await member(org.users.author.id))).length).toBe(before);
    });

    it('malformed JSON: 400 in JSON, not an HTML page', async () => {
      const res = await request(t.app)
        .post('/api/v1/assessments')
        .set(auth(token.author))
        .set('Content-Type', 'application/json')
        .send('{"title": ');
      errorOf(res, 400, 'invalid-json');
    });

    it('a reviewer may read but not create (403), and nothing is created', async () => {
      const before = (await t.services.assessments.list(await member(org.users.author.id))).length;
      const res = await post(
        '/assessments',
        { title: 'Forbudt', authority: 'x', rulesetId: 'dk-lovforslag', mode: 'a' },
        token.reviewer,
      );
      errorOf(res, 403, 'forbidden');
      expect((await t.services.assessments.list(await member(org.users.author.id))).length).toBe(before);
      expect((await get('/assessments', token.reviewer)).status).toBe(200);
    });

    it('GET lists the organisation’s assessments; another organisation sees none of them', async () => {
      const mine = AssessmentList.parse((await get('/assessments', token.reviewer)).body);
      expect(mine.assessments.map((a) => a.id)).toContain(id);
      const theirs = await get('/assessments', token.otherAuthor);
      expect(theirs.status).toBe(200);
      expect(AssessmentList.parse(theirs.body).assessments).toEqual([]);
      expect(theirs.text).not.toContain(TITLE);
    });

    it('GET one: 200 with its version as ETag; another organisation’s is the same 404 as an unknown id', async () => {
      const res = await get(`/assessments/${id}`, token.reviewer);
      expect(res.status).toBe(200);
      expect(AssessmentSummary.parse(res.body).id).toBe(id);
      expect(res.headers.etag).toBe('"1"');
      const foreign = await get(`/assessments/${id}`, token.otherAuthor);
      const unknown = await get(`/assessments/${MISSING}`, token.otherAuthor);
      errorOf(foreign, 404, 'not-found');
      expect(foreign.body).toEqual(unknown.body);
      expect(foreign.text).not.toContain(TITLE);
      errorOf(await get('/assessments/..%2F..%2Fetc', token.author), 404, 'not-found');
    });

    it('every assessment endpoint is a 404 for another organisation, and nothing changes', async () => {
      const before = await version(id);
      const foreign = [
        await get(`/assessments/${id}/documents/latest`, token.otherAuthor),
        await get(`/assessments/${id}/findings`, token.otherAuthor),
        await get(`/assessments/${id}/outcome`, token.otherAuthor),
        await get(`/assessments/${id}/note.docx`, token.otherAuthor),
        await put(
          `/assessments/${id}/answers`,
          { version: 1, triggers: { x: { value: 'yes' } } },
          token.otherAuthor,
        ),
        await upload(id, SAMPLE, '1', token.otherAuthor),
      ];
      for (const res of foreign) errorOf(res, 404, 'not-found');
      expect(await version(id)).toBe(before);
    });
  });

  // ---------- before the document is processed ----------

  describe('before a document', () => {
    it('latest document: 404 no-document; findings, outcome and note: 409 not-processed', async () => {
      errorOf(await get(`/assessments/${id}/documents/latest`, token.author), 404, 'no-document');
      errorOf(await get(`/assessments/${id}/findings`, token.author), 409, 'not-processed');
      errorOf(await get(`/assessments/${id}/outcome`, token.author), 409, 'not-processed');
      errorOf(await get(`/assessments/${id}/note.docx`, token.author), 409, 'not-processed');
      const answers = await put(
        `/assessments/${id}/answers`,
        { version: 1, triggers: { x: { value: 'yes' } } },
        token.author,
      );
      errorOf(answers, 409, 'not-processed');
    });
  });

  // ---------- uploads ----------

  describe('upload errors', () => {
    it('an empty file: 400 empty-file, and nothing stored', async () => {
      const e = errorOf(await upload(id, Buffer.alloc(0), '1'), 400, 'empty-file');
      expect(e.message).toContain('Filen er tom');
      expect(e.messageEn).toContain('The file is empty');
      expect(await version(id)).toBe(1);
    });

    it('no file at all, or a JSON body: 400', async () => {
      const res = await request(t.app)
        .post(`/api/v1/assessments/${id}/documents`)
        .set(auth(token.author))
        .set('If-Match', '"1"')
        .field('version', '1');
      expect(errorOf(res, 400, 'validation').issues?.[0]?.path).toEqual(['file']);
      errorOf(await post(`/assessments/${id}/documents`, { file: 'x' }, token.author), 400, 'validation');
    });

    it('a file larger than the limit: 413 file-too-large', async () => {
      errorOf(await upload(id, Buffer.alloc(200 * 1024, 65), '1'), 413, 'file-too-large');
      expect(await version(id)).toBe(1);
    });

    it('without a version: 428 version-required', async () => {
      errorOf(await upload(id, SAMPLE), 428, 'version-required');
    });

    it('a stale version: 409 conflict with the current version', async () => {
      const e = errorOf(await upload(id, SAMPLE, '7'), 409, 'conflict');
      expect(e.currentVersion).toBe(1);
      errorOf(await upload(id, SAMPLE, 'abc'), 409, 'conflict');
      expect(await version(id)).toBe(1);
    });

    it('a reviewer: 403', async () => {
      errorOf(await upload(id, SAMPLE, '1', token.reviewer), 403, 'forbidden');
      expect(await version(id)).toBe(1);
    });
  });

  // ---------- the whole flow ----------

  describe('the full flow', () => {
    let findings: ReturnType<typeof Findings.parse>;

    it('uploads the amending bill (202), then processing ends as done', async () => {
      const res = await upload(id, SAMPLE, '1');
      expect(res.status).toBe(202);
      const accepted = DocumentAccepted.parse(res.body);
      expect(accepted).toMatchObject({
        number: 1,
        fileName: 'lovforslag-aendring.docx',
        assessmentVersion: 2,
      });
      expect(['queued', 'processing', 'done']).toContain(accepted.status);
      expect(res.headers.location).toBe(`/api/v1/assessments/${id}/documents/latest`);
      const done = await waitProcessed(id);
      expect(done).toMatchObject({ id: accepted.id, status: 'done', number: 1 });
      expect(done.error).toBeUndefined();
    });

    it('the version field works instead of If-Match (a second draft), conflict checked the same way', async () => {
      const other = await create('Anden vurdering');
      const res = await request(t.app)
        .post(`/api/v1/assessments/${other.id}/documents`)
        .set(auth(token.author))
        .field('version', String(other.version))
        .attach('file', SAMPLE);
      expect(res.status).toBe(202);
      expect(DocumentAccepted.parse(res.body).assessmentVersion).toBe(other.version + 1);
      await waitProcessed(other.id);
    });

    it('findings: the stage-1 triggers with suggestion, confidence and evidence (provision and quote), and the themes', async () => {
      const res = await get(`/assessments/${id}/findings`, token.reviewer);
      expect(res.status).toBe(200);
      findings = Findings.parse(res.body);
      expect(findings.triggers.length).toBeGreaterThan(0);
      const yes = findings.triggers.find((tr) => tr.suggestion === 'yes');
      expect(yes?.evidence.length).toBeGreaterThan(0);
      // Evidence points into the amending provisions: »§ 192 a, stk. 3 (§ 1, nr. 11)«.
      const labels = findings.triggers.flatMap((tr) => tr.evidence.map((e) => e.label));
      expect(labels.some((l) => /^§ \d+.*\(§ 1, nr\. \d+\)$/.test(l))).toBe(true);
      for (const tr of findings.triggers) {
        expect(tr.status).toBe('suggested');
        expect(tr.value).toBe(tr.suggestion);
        for (const e of tr.evidence) expect(e.quote.length).toBeGreaterThan(0);
      }
      expect(findings.themes.length).toBeGreaterThan(0);
      expect(findings.document.fileName).toBe('lovforslag-aendring.docx');
    });

    it('answers: unknown trigger ids, a missing note and a question before stage 1: 400 with issues, nothing saved', async () => {
      const v = await version(id);
      const [first] = findings.triggers;
      if (!first) throw new Error('no trigger');
      const res = await put(
        `/assessments/${id}/answers`,
        {
          version: v,
          triggers: { 'findes-ikke': { value: 'yes' }, [first.id]: { value: 'unknown' } },
          questions: { 'heller-ikke': { affected: 'no' } },
        },
        token.author,
      );
      const e = errorOf(res, 400, 'validation');
      const paths = (e.issues ?? []).map((i) => i.path.join('/'));
      expect(paths).toEqual(
        expect.arrayContaining([
          'triggers/findes-ikke',
          `triggers/${first.id}/note`,
          'questions',
          'questions/heller-ikke',
        ]),
      );
      // The web form's own wording for the missing note.
      expect(e.issues?.find((i) => i.path.join('/') === `triggers/${first.id}/note`)?.message).toContain(
        'skriv, hvad der mangler for at kunne svare',
      );
      const contrary = await put(
        `/assessments/${id}/answers`,
        { version: v, triggers: { [yesOf(findings).id]: { value: 'no' } } },
        token.author,
      );
      expect(errorOf(contrary, 400, 'validation').issues?.[0]?.message).toContain('teksten peger på ja');
      const wrongType = await put(
        `/assessments/${id}/answers`,
        { version: 'to', triggers: { [first.id]: { value: 'måske' } } },
        token.author,
      );
      const wt = errorOf(wrongType, 400, 'validation');
      expect(wt.issues?.map((i) => i.path.join('/'))).toEqual(
        expect.arrayContaining(['version', `triggers/${first.id}/value`]),
      );
      errorOf(await put(`/assessments/${id}/answers`, { version: v }, token.author), 400, 'validation');
      expect(await version(id)).toBe(v);
    });

    it('answers: a reviewer gets 403; a stale version 409 with the current one; nothing saved', async () => {
      const v = await version(id);
      const triggers = stage1(findings);
      errorOf(
        await put(`/assessments/${id}/answers`, { version: v, triggers }, token.reviewer),
        403,
        'forbidden',
      );
      const e = errorOf(
        await put(`/assessments/${id}/answers`, { version: v - 1, triggers }, token.author),
        409,
        'conflict',
      );
      expect(e.currentVersion).toBe(v);
      expect(await version(id)).toBe(v);
    });

    it('answers stage 1, then every visible stage-2 question; the outcome follows', async () => {
      const v = await version(id);
      const res = await put(
        `/assessments/${id}/answers`,
        { version: v, triggers: stage1(findings) },
        token.author,
      );
      expect(res.status).toBe(200);
      const saved = AnswersSaved.parse(res.body);
      expect(saved.version).toBe(v + 1);
      expect(saved.saved.triggers.sort()).toEqual(findings.triggers.map((tr) => tr.id).sort());

      const confirmed = Findings.parse((await get(`/assessments/${id}/findings`, token.author)).body);
      expect(confirmed.triggers.every((tr) => tr.status === 'confirmed' && tr.answer)).toBe(true);

      const before = Outcome.parse((await get(`/assessments/${id}/outcome`, token.reviewer)).body);
      expect(before.relevance).toBe('relevant');
      expect(before.unansweredTriggers).toEqual([]);
      expect(before.questions.length).toBeGreaterThan(0);
      expect(before.next).toBe(before.questions[0]?.id);
      expect(before.bottomLine).toBe('not-assessed');

      // An incomplete "yes" is refused with the answer schema's messages, at the question's path.
      const [q1, ...rest] = before.questions;
      if (!q1) throw new Error('no question');
      const bad = await put(
        `/assessments/${id}/answers`,
        { version: saved.version, questions: { [q1.id]: { affected: 'yes', magnitude: 5 } } },
        token.author,
      );
      const issues = errorOf(bad, 400, 'validation').issues ?? [];
      expect(issues.map((i) => i.path.join('/'))).toEqual(
        expect.arrayContaining([`questions/${q1.id}/magnitude`]),
      );
      const unknownNote = await put(
        `/assessments/${id}/answers`,
        { version: saved.version, questions: { [q1.id]: { affected: 'unknown' } } },
        token.author,
      );
      expect(errorOf(unknownNote, 400, 'validation').issues?.[0]?.path).toEqual(['questions', q1.id, 'note']);

      const questions: Record<string, object> = {
        [q1.id]: {
          affected: 'yes',
          direction: 'negative',
          magnitude: 2,
          likelihood: 'likely',
          duration: { span: 'lasting', reversible: false },
          groups: [{ name: 'Beboere på plejecentre', estimate: 2400 }],
          mechanism: {
            text: 'Ophævelsen af lokalgarantien betyder længere afstand til de pårørende.',
            provisions: ['§ 1, nr. 3'],
          },
          evidence: { text: 'Ældre Sagens undersøgelse 2024', grade: 'register-data' },
        },
      };
      for (const q of rest) questions[q.id] = { affected: 'no' };
      const ok = await put(`/assessments/${id}/answers`, { version: saved.version, questions }, token.author);
      expect(ok.status).toBe(200);
      const after = AnswersSaved.parse(ok.body);
      expect(after.saved.questions).toEqual(before.questions.map((q) => q.id));
      expect(after.version).toBe(saved.version + before.questions.length);

      const outcome = Outcome.parse((await get(`/assessments/${id}/outcome`, token.reviewer)).body);
      expect(outcome.next).toBeNull();
      expect(outcome.bottomLine).toBe('negative');
      expect(outcome.material).toBe(true);
      expect(outcome.profile).toContainEqual(
        expect.objectContaining({ question: q1.id, affected: 'yes', direction: 'negative', magnitude: 2 }),
      );
      expect(outcome.questions.every((q) => q.answered && q.errors.length === 0)).toBe(true);

      // The web app sees the same answers, saved in the token's member's name.
      const ws = await t.services.assessments.workspace(await member(org.users.author.id), id);
      expect(ws?.answers.questions[q1.id]).toMatchObject({ affected: 'yes', by: org.users.author.name });
      const audit = await t.services.audit.list(org.organisation.id);
      expect(
        audit.filter((a) => a.assessmentId === id && a.action === 'answers-saved').length,
      ).toBeGreaterThan(1);
    });

    it('note.docx is the Word note: a zip whose document.xml has the title, the ministry and the case number', async () => {
      const res = await binary(`/assessments/${id}/note.docx`, token.reviewer);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain(WORD);
      expect(res.headers['content-disposition']).toContain('attachment');
      const body = res.body as Buffer;
      expect(body.subarray(0, 2).toString('latin1')).toBe('PK');
      const xml = await (await JSZip.loadAsync(body)).file('word/document.xml')?.async('string');
      expect(xml).toContain(TITLE);
      expect(xml).toContain('Social- og Boligministeriet');
      expect(xml).toContain('2026-4711');
    });
  });

  // ---------- approved assessments are records ----------

  describe('an approved assessment', () => {
    it('refuses uploads and answers with 409 read-only', async () => {
      const a = await create('Skal godkendes');
      const svc = t.services.assessments;
      const submitted = await svc.signOff(await member(org.users.author.id), a.id, a.version, 'submit');
      const approved = await svc.signOff(
        await member(org.users.admin.id),
        a.id,
        submitted.version,
        'approve',
      );
      expect(approved.status).toBe('approved');
      const e = errorOf(await upload(a.id, SAMPLE, String(approved.version)), 409, 'read-only');
      expect(e.message).toContain('godkendt');
      errorOf(
        await put(
          `/assessments/${a.id}/answers`,
          { version: approved.version, triggers: { x: { value: 'yes' } } },
          token.author,
        ),
        409,
        'read-only',
      );
      expect(await version(a.id)).toBe(approved.version);
    });
  });
});

/** A trigger the screening answered "yes" for. */
function yesOf(f: ReturnType<typeof Findings.parse>) {
  const y = f.triggers.find((tr) => tr.suggestion === 'yes');
  if (!y) throw new Error('no trigger suggested yes');
  return y;
}

/** Stage 1 as suggested, with a note where the form asks for one. */
function stage1(f: ReturnType<typeof Findings.parse>): Record<string, { value: string; note?: string }> {
  return Object.fromEntries(
    f.triggers.map((tr) => [
      tr.id,
      tr.suggestion === 'unknown'
        ? { value: 'unknown', note: 'Afventer tal fra Danmarks Statistik.' }
        : { value: tr.suggestion },
    ]),
  );
}
