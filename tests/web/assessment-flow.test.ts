import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describeEachDatabase } from '../helpers/test-databases';
import {
  buffered,
  createAssessment,
  csrfOf,
  logIn,
  seedOrganisation,
  stage1Defaults,
  startTestApp,
  uploadDocument,
  waitProcessed,
  type FormAgent,
  type SeededOrganisation,
  type TestApp,
} from '../helpers/test-app';

function newAssessment(agent: FormAgent, title = 'Forslag til lov om ændring af lov om social service') {
  return createAssessment(agent, {
    title,
    authority: 'Social- og Boligministeriet',
    caseNumber: '2026-4711',
  });
}

describeEachDatabase('assessment flow in the web app', (getDb) => {
  let t: TestApp;
  let author: FormAgent;
  let admin: FormAgent;
  let id: string;
  let org: SeededOrganisation;

  beforeAll(async () => {
    t = await startTestApp(getDb().dialect);
    org = await seedOrganisation(t.services, 'Socialministeriet', { host: true });
    author = await logIn(t.app, org.users.author.email);
    admin = await logIn(t.app, org.users.admin.email);
    id = await newAssessment(author);
  });
  afterAll(async () => {
    await t.close();
  });

  it('uploads the amending bill (.docx), processes it in the worker pool and shows findings with their evidence', async () => {
    const res = await uploadDocument(author, id, 'samples/lovforslag-aendring.docx');
    expect(res.status).toBe(303);
    expect(String(res.headers.location)).toMatch(/\/(overblik|behandling)$/);
    expect((await waitProcessed(author, id)).status).toBe('done');
    const page = await author.get(`/vurderinger/${id}/overblik`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Forslag fra screeningen');
    expect(page.text).toMatch(/<mark>[^<]+<\/mark>/);
    expect(page.text).toContain('§ 1, nr. 3');
    expect(page.text).toContain('Importkvalitet');
    // Resuming: the assessment's own address leads to where the user left off.
    const resume = await author.get(`/vurderinger/${id}`);
    expect(resume.headers.location).toBe(`/vurderinger/${id}/overblik`);
  });

  it('cannot skip stage 1: stage 2 sends the user back to it', async () => {
    const res = await author.get(`/vurderinger/${id}/trin-2`);
    expect(res.headers.location).toBe(`/vurderinger/${id}/trin-1`);
  });

  it('stage 1 shows suggestions with evidence; "unknown" without a note is refused with the typed answers kept', async () => {
    const page = await author.get(`/vurderinger/${id}/trin-1`);
    expect(page.text).toContain('Hvorfor bliver jeg spurgt om det?');
    expect(page.text).toMatch(/Forslag: <strong>Ja<\/strong>/);
    const body = {
      ...stage1Defaults(page.text, 'Afventer data fra Danmarks Statistik (kontoret).'),
      version: /name="version" value="(\d+)"/.exec(page.text)?.[1] ?? '',
    };
    const first = Object.keys(body).find((k) => k.startsWith('value-')) as string;
    const bad = await author.submit(`/vurderinger/${id}/trin-1`, `/vurderinger/${id}/trin-1`, {
      ...body,
      [first]: 'unknown',
      [`note-${first.slice(6)}`]: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('skriv, hvad der mangler for at kunne svare');
    expect(bad.text).toContain(`href="#note-${first.slice(6)}"`);
    expect(bad.text).toMatch(new RegExp(`name="${first}" value="unknown" checked`));
    const ok = await author.submit(`/vurderinger/${id}/trin-1`, `/vurderinger/${id}/trin-1`, body);
    expect(ok.status).toBe(303);
    expect(String(ok.headers.location)).toMatch(/\/trin-2\/[a-z0-9-]+$/);
  });

  it('stage 2: an invalid answer is shown on the same page with every typed value kept, a valid one is saved', async () => {
    const first = String((await author.get(`/vurderinger/${id}/trin-2`)).headers.location);
    const q = first.split('/').pop() as string;
    const typed = {
      affected: 'yes',
      magnitude: '2',
      mechanism: 'Ophævelsen af lokalgarantien betyder, at beboere kan skulle flytte længere væk',
      group1name: 'Beboere på plejecentre',
      group1estimate: 'mange',
    };
    const bad = await author.submit(first, first, typed);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('angiv retning');
    expect(bad.text).toContain('skal være et helt tal');
    expect(bad.text).toContain('href="#direction"');
    expect(bad.text).toContain(
      'Ophævelsen af lokalgarantien betyder, at beboere kan skulle flytte længere væk</textarea>',
    );
    expect(bad.text).toContain('value="mange"');
    expect(bad.text).toMatch(/name="magnitude" value="2" checked/);
    const good = await author.submit(first, first, {
      ...typed,
      direction: 'negative',
      likelihood: 'likely',
      span: 'lasting',
      reversible: 'no',
      group1estimate: '2.400',
      provisions: ['§ 1, nr. 7'],
      otherProvisions: '§ 1, nr. 11',
      evidenceText: 'Ældre Sagens undersøgelse 2024',
      evidenceGrade: 'register-data',
    });
    expect(good.status).toBe(303);
    const member = await t.services.accounts.member(org.users.author.id);
    if (!member) throw new Error('no member');
    const ws = await t.services.assessments.workspace(member, id);
    const saved = ws?.answers.questions[q];
    expect(saved).toMatchObject({
      affected: 'yes',
      direction: 'negative',
      magnitude: 2,
      groups: [{ name: 'Beboere på plejecentre', estimate: 2400 }],
      mechanism: { provisions: ['§ 1, nr. 7', '§ 1, nr. 11'] },
    });
  });

  it('a stale write gets a conflict with what the user typed kept, never a silent overwrite', async () => {
    const check = await admin.get(`/vurderinger/${id}/tjek`);
    const link = /href="(\/vurderinger\/[0-9a-f-]+\/trin-2\/[a-z0-9-]+)">Ret/.exec(check.text)?.[1] as string;
    // Both open the same question at the same version…
    const a = await author.get(link);
    const b = await admin.get(link);
    const va = /name="version" value="(\d+)"/.exec(a.text)?.[1] as string;
    expect(/name="version" value="(\d+)"/.exec(b.text)?.[1]).toBe(va);
    // …the author saves first…
    const first1 = await author
      .post(link)
      .type('form')
      .send({ _csrf: csrfOf(a.text), version: va, affected: 'no' });
    expect(first1.status).toBe(303);
    // …and the admin's save names the old version.
    const second = await admin
      .post(link)
      .type('form')
      .send({
        _csrf: csrfOf(b.text),
        version: va,
        affected: 'unknown',
        note: 'Vi mangler tal fra kommunerne',
      });
    expect(second.status).toBe(409);
    expect(second.text).toContain('En anden har gemt ændringer i vurderingen');
    expect(second.text).toContain('Vi mangler tal fra kommunerne</textarea>');
    expect(second.text).toMatch(/name="affected" value="unknown" checked/);
    expect(second.text).toContain(`name="version" value="${Number(va) + 1}"`);
    const after = await author.get(link);
    expect(after.text).toMatch(/name="affected" value="no" checked/);
  });

  it('an expired session sends the user to log in and gives back what they typed', async () => {
    const checkPage = await author.get(`/vurderinger/${id}/tjek`);
    const change = /href="(\/vurderinger\/[0-9a-f-]+\/trin-2\/[a-z0-9-]+)">Ret/.exec(
      checkPage.text,
    )?.[1] as string;
    const page = await author.get(change);
    await t.services.db.db.deleteFrom('sessions').execute();
    const res = await author
      .post(change)
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        version: '1',
        affected: 'unknown',
        note: 'Skrevet lige før sessionen udløb',
      });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/log-ind');
    const login = await author.get('/log-ind');
    expect(login.text).toContain('Din session er udløbet');
    const again = await author
      .post('/log-ind')
      .type('form')
      .send({
        _csrf: csrfOf(login.text),
        email: org.users.author.email,
        password: 'korrekt-hest-batteri-hæfteklamme',
      });
    expect(again.headers.location).toBe(change);
    const back = await author.get(change);
    expect(back.text).toContain('Skrevet lige før sessionen udløb</textarea>');
    expect(back.text).toMatch(/name="affected" value="unknown" checked/);
  });

  it('check page lists answers with change links; outcome previews the note; the .docx is a real Word file', async () => {
    const check = await author.get(`/vurderinger/${id}/tjek`);
    expect(check.status).toBe(200);
    expect(check.text).toContain('Tjek dine svar');
    expect(check.text).toMatch(/>Ret<span class="sr-only">/);
    const outcome = await author.get(`/vurderinger/${id}/resultat`);
    expect(outcome.text).toContain('Relationel bundlinje');
    expect(outcome.text).toContain('<h2>Konsekvensnotat');
    const docx = await buffered(author.get(`/vurderinger/${id}/notat.docx`));
    expect(docx.status).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const xml = await (await JSZip.loadAsync(docx.body as Buffer)).file('word/document.xml')?.async('string');
    expect(xml).toContain('Forslag til Lov om ændring af lov om social service');
    expect(xml).toContain('Social- og Boligministeriet');
    expect(xml).toContain('2026-4711');
  });

  it('a bad file is refused on the upload page with its specific Danish message, and nothing else is lost', async () => {
    const other = await newAssessment(author, 'Krypteret udkast');
    const res = await uploadDocument(author, other, 'samples/bad/krypteret.pdf');
    expect(res.status).toBe(422);
    expect(res.text).toContain('PDF-filen er beskyttet med adgangskode');
    expect(res.text).toContain('href="#file"');
    const pasted = await uploadDocument(author, other, { text: '   ' });
    expect(pasted.status).toBe(400);
    expect(pasted.text).toContain('Vælg en fil, eller indsæt dokumentets tekst.');
    const text = readFileSync('samples/lovforslag-ny-lov.txt', 'utf8');
    const ok = await uploadDocument(author, other, { text });
    expect(ok.status).toBe(303);
    expect((await waitProcessed(author, other)).status).toBe('done');
  });
});
