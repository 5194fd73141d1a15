import JSZip from 'jszip';
import {
  createAssessment,
  getBinary,
  csrfOf,
  logIn,
  PASSWORD,
  seedOrganisation,
  stage1Defaults,
  startTestApp,
  uploadDocument,
  waitProcessed,
  type FormAgent,
  type TestApp,
} from '../helpers/test-app';
import { hashPassword } from '../../src/auth/passwords';

/** An author's new assessment with `file` uploaded and processed; its id. */
async function assessmentWithDocument(author: FormAgent, title: string, authority: string, file: string) {
  const id = await createAssessment(author, { title, authority });
  await uploadDocument(author, id, file);
  await waitProcessed(author, id);
  return id;
}

describe('sign-off in the web app', () => {
  let t: TestApp;
  let author: FormAgent;
  let approver: FormAgent;
  let reviewer: FormAgent;
  let id: string;

  beforeAll(async () => {
    t = await startTestApp();
    const org = await seedOrganisation(t.services, 'Beskæftigelsesministeriet', { host: true });
    await t.services.accounts.createUser({
      email: 'paula@bm.dk',
      name: 'Paula Godkender',
      passwordHash: await hashPassword(PASSWORD),
      organisationId: org.organisation.id,
      role: 'approver',
    });
    author = await logIn(t.app, org.users.author.email);
    approver = await logIn(t.app, 'paula@bm.dk');
    reviewer = await logIn(t.app, org.users.reviewer.email);
    id = await createAssessment(author, {
      title: 'Forslag til lov om fællesskabshuse',
      authority: 'Beskæftigelsesministeriet',
      caseNumber: '2026-77',
      mode: 'b',
    });
    await uploadDocument(author, id, 'samples/lovforslag-ny-lov.txt');
    await waitProcessed(author, id);
    const stage1 = await author.get(`/vurderinger/${id}/trin-1`);
    const body = stage1Defaults(stage1.text);
    expect((await author.submit(`/vurderinger/${id}/trin-1`, `/vurderinger/${id}/trin-1`, body)).status).toBe(
      303,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const act = (agent: FormAgent, action: string) =>
    agent.submit(`/vurderinger/${id}/godkendelse`, `/vurderinger/${id}/godkendelse`, { action });

  it('a reviewer cannot send for approval, approving a draft is refused, the author sends it', async () => {
    const page = await reviewer.get(`/vurderinger/${id}/godkendelse`);
    expect(page.text).toContain('kladde');
    expect(page.text).not.toContain('value="submit"');
    const forged = await act(reviewer, 'submit');
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('Kun en sagsbehandler eller administrator');
    expect((await act(approver, 'approve')).status).toBe(403);
    const sent = await act(author, 'submit');
    expect(sent.status).toBe(303);
    expect((await author.get(`/vurderinger/${id}/godkendelse`)).text).toContain('til godkendelse');
  });

  it('the preparer cannot approve their own assessment (an author is no approver; an approving admin who prepared it is refused too)', async () => {
    const self = await act(author, 'approve');
    expect(self.status).toBe(403);
    expect(self.text).toContain('Kun en godkender eller administrator kan godkende');
    const a = await t.services.db.db
      .selectFrom('assessments')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(a.status).toBe('in-review');
  });

  it('a second person approves; the approved assessment is read-only and the note carries the sign-off', async () => {
    expect((await act(approver, 'approve')).status).toBe(303);
    const a = await t.services.db.db
      .selectFrom('assessments')
      .select(['status', 'sign_off_json'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(a.status).toBe('approved');
    expect(JSON.parse(a.sign_off_json).approvedBy.name).toBe('Paula Godkender');
    // Editing is refused, on every page that changes it.
    const stage1 = await author.get(`/vurderinger/${id}/trin-1`);
    expect(stage1.headers.location).toBe(`/vurderinger/${id}/godkendelse`);
    const answersBefore = await t.services.db.db
      .selectFrom('answer_history')
      .select('id')
      .where('assessment_id', '=', id)
      .execute();
    const post = await author.submit(`/vurderinger/${id}/tjek`, `/vurderinger/${id}/trin-1`, {
      'value-time': 'no',
    });
    expect(post.headers.location).toBe(`/vurderinger/${id}/godkendelse`);
    const upload = await author.get(`/vurderinger/${id}/dokument`);
    expect(upload.headers.location).toBe(`/vurderinger/${id}/godkendelse`);
    const answersAfter = await t.services.db.db
      .selectFrom('answer_history')
      .select('id')
      .where('assessment_id', '=', id)
      .execute();
    expect(answersAfter.length).toBe(answersBefore.length);
    expect((await author.get(`/vurderinger/${id}/godkendelse`)).text).toContain('kan ikke længere ændres');
    const docx = await getBinary(author, `/vurderinger/${id}/notat.docx`);
    const xml = await (await JSZip.loadAsync(docx.bytes)).file('word/document.xml')?.async('string');
    expect(xml).toContain('Paula Godkender');
  });

  it('publishing follows approval; a new version starts as a draft with the same answers, the old one unchanged', async () => {
    expect((await act(author, 'publish')).status).toBe(403);
    expect((await act(approver, 'publish')).status).toBe(303);
    expect((await act(approver, 'return')).status).toBe(403);
    const page = await author.get(`/vurderinger/${id}/godkendelse`);
    const res = await author
      .post(`/vurderinger/${id}/ny-version`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect(res.status).toBe(303);
    const newId = /\/vurderinger\/([0-9a-f-]{36})\/tjek/.exec(String(res.headers.location))?.[1] as string;
    expect(newId).not.toBe(id);
    const rows = await t.services.db.db
      .selectFrom('assessments')
      .select(['id', 'status', 'previous_id'])
      .where('id', 'in', [id, newId])
      .execute();
    expect(rows.find((r) => r.id === id)?.status).toBe('published');
    expect(rows.find((r) => r.id === newId)).toMatchObject({ status: 'draft', previous_id: id });
    const count = async (a: string) =>
      (await t.services.db.db.selectFrom('answers').select('key').where('assessment_id', '=', a).execute())
        .length;
    expect(await count(newId)).toBe(await count(id));
    const stage1 = await author.get(`/vurderinger/${newId}/trin-1`);
    expect(stage1.status).toBe(200);
    expect((await author.get(`/vurderinger/${newId}/godkendelse`)).text).toContain('ny version af');
  });
});

describe('deleting an assessment', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('only its organisation’s admin deletes it, after confirming, with everything it holds; the audit event stays', async () => {
    const org = await seedOrganisation(t.services, 'Kirkeministeriet', { host: true });
    const other = await seedOrganisation(t.services, 'Roskilde Kommune', { kind: 'municipality' });
    const author = await logIn(t.app, org.users.author.email);
    const admin = await logIn(t.app, org.users.admin.email);
    const stranger = await logIn(t.app, other.users.admin.email);
    const id = await assessmentWithDocument(
      author,
      'Slettes <snart>',
      'Kirkeministeriet',
      'samples/lovforslag-ny-lov.txt',
    );
    const url = `/vurderinger/${id}/slet`;
    const form = `/vurderinger/${id}/godkendelse`;
    expect((await author.submit(form, url, { confirm: 'yes' })).status).toBe(403);
    expect((await stranger.submit('/vurderinger', url, { confirm: 'yes' })).status).toBe(404);
    expect((await admin.get(form)).text).toContain('Slet vurderingen');
    const unconfirmed = await admin.submit(form, url, {});
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.text).toContain('Sæt kryds for at bekræfte');
    const count = async (
      table: 'document_versions' | 'answers' | 'assessments',
      col: 'assessment_id' | 'id',
    ) => (await t.services.db.db.selectFrom(table).select(col).where(col, '=', id).execute()).length;
    expect(await count('document_versions', 'assessment_id')).toBe(1);
    const res = await admin.submit(form, url, { confirm: 'yes' });
    expect(res.headers.location).toBe('/vurderinger');
    expect((await admin.get('/vurderinger')).text).toContain(
      'Vurderingen »Slettes &lt;snart&gt;« er slettet.',
    );
    expect(await count('assessments', 'id')).toBe(0);
    expect(await count('document_versions', 'assessment_id')).toBe(0);
    expect(await count('answers', 'assessment_id')).toBe(0);
    const events = await t.services.audit.list(org.organisation.id);
    expect(events.find((e) => e.action === 'assessment-deleted')).toMatchObject({
      assessmentId: id,
      detail: { title: 'Slettes <snart>' },
    });
    expect((await admin.get(`/vurderinger/${id}/overblik`)).status).toBe(404);
  });
});

describe('review comments', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('a reviewer comments on a question, the author sees it on the check page, replies and resolves it', async () => {
    const org = await seedOrganisation(t.services, 'Indenrigsministeriet', { host: true });
    const other = await seedOrganisation(t.services, 'Aalborg Kommune', { kind: 'municipality' });
    const author = await logIn(t.app, org.users.author.email);
    const reviewer = await logIn(t.app, org.users.reviewer.email);
    const stranger = await logIn(t.app, other.users.admin.email);
    const id = await assessmentWithDocument(
      author,
      'Kommenteret forslag',
      'Indenrigsministeriet',
      'samples/lovforslag-aendring.docx',
    );
    const check = `/vurderinger/${id}/tjek`;
    const url = `/vurderinger/${id}/kommentarer`;
    const question = /<option value="(question:[a-z0-9-]+)"/.exec((await reviewer.get(check)).text)?.[1];
    expect(question).toBeDefined();
    const empty = await reviewer.submit(check, url, { target: question as string, 'comment-body': '  ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Skriv en kommentar.');
    const res = await reviewer.submit(check, url, {
      target: question as string,
      'comment-body': 'Er <b>plejehjemsbeboere</b> talt med?',
    });
    expect(res.headers.location).toBe(`${check}#kommentarer`);
    const seen = await author.get(check);
    expect(seen.text).toContain('id="kommentarer"');
    expect(seen.text).toContain('(1 åbne)');
    expect(seen.text).toContain('Er &lt;b&gt;plejehjemsbeboere&lt;/b&gt; talt med?');
    const thread = (await t.services.comments.list(org.organisation.id, id))[0];
    expect(thread?.target).toBe(question);
    // Another organisation neither sees nor comments.
    expect((await stranger.get(check)).status).toBe(404);
    expect(
      (await stranger.submit('/vurderinger', url, { target: 'general', 'comment-body': 'x' })).status,
    ).toBe(404);
    // A reply joins the thread; the author resolves it.
    await author.submit(check, url, {
      parentId: thread?.id as string,
      [`reply-${thread?.id}`]: 'Ja, i høringen.',
    });
    const replies = (await t.services.comments.list(org.organisation.id, id)).filter(
      (c) => c.parentId === thread?.id,
    );
    expect(replies.map((r) => r.body)).toEqual(['Ja, i høringen.']);
    const resolve = await author.submit(check, `${url}/${thread?.id}/loest`, {});
    expect(resolve.status).toBe(303);
    const after = await author.get(check);
    expect(after.text).toContain('Ingen åbne kommentarer.');
    expect(after.text).toContain('Løste kommentarer');
    const actions = (await t.services.audit.list(org.organisation.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['comment-added', 'comment-resolved']));
  });
});
