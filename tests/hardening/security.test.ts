/**
 * Hostile input in every place a user can type or upload text, and the other web defences the threat model
 * (docs/threat-model.md) relies on: stored XSS escaped in every page and plain text in the .docx, the upload
 * limit per user (web and API together), Secure cookies behind TLS, and path traversal on routes that take a name.
 */
import { Parser } from 'htmlparser2';
import JSZip from 'jszip';
import request from 'supertest';
import {
  createAssessment,
  csrfOf,
  getBinary,
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

/** Script that would run if any page printed it unescaped; each carries a marker to find it by. */
const XSS = {
  title: '<script>alert("rt-xss-title")</script>',
  authority: '<img src=x onerror=alert("rt-xss-authority")>',
  caseNumber: '"><svg onload=alert("rt-xss-case")>',
  note: '</textarea><script>alert("rt-xss-note")</script>',
  comment: '<a href="javascript:alert(\'rt-xss-comment\')">klik</a>',
  reason: '<iframe src="javascript:alert(\'rt-xss-reason\')"></iframe>',
  document: '<script>alert("rt-xss-document")</script>',
  tokenName: '<b onmouseover=alert("rt-xss-token")>nøgle</b>',
};

/**
 * The page as a browser would build it: every element and attribute. None of the payloads may have become
 * markup: no event-handler attribute (the app has none: its CSP forbids inline script), no javascript: link,
 * and no script, iframe, svg or img element that came from what users typed.
 */
function expectEscaped(html: string, where: string): void {
  const found: string[] = [];
  let inScript = false;
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'script') inScript = true;
      for (const [k, v] of Object.entries(attrs)) {
        if (/^on/i.test(k)) found.push(`${name} ${k}="${v}"`);
        if (/^\s*javascript:/i.test(v)) found.push(`${name} ${k}="${v}"`);
      }
      // The app's own icons and chart are svg; a payload's element would carry its marker or src=x.
      if (
        ['iframe', 'svg', 'img'].includes(name) &&
        (JSON.stringify(attrs).includes('rt-xss') || attrs.src === 'x')
      )
        found.push(`<${name}>`);
    },
    ontext(text) {
      if (inScript && text.includes('rt-xss')) found.push(`<script>${text}`);
    },
    onclosetag(name) {
      if (name === 'script') inScript = false;
    },
  });
  parser.write(html);
  parser.end();
  expect([where, found]).toEqual([where, []]);
  for (const payload of Object.values(XSS)) expect([where, html.includes(payload)]).toEqual([where, false]);
}

describe('hostile input', () => {
  let t: TestApp;
  let org: SeededOrganisation;
  let author: FormAgent;
  let reviewer: FormAgent;
  let id = '';

  beforeAll(async () => {
    t = await startTestApp('sqlite', { UPLOAD_LIMIT: '3' });
    org = await seedOrganisation(t.services, 'Socialministeriet', { host: true });
    author = await logIn(t.app, org.users.author.email);
    reviewer = await logIn(t.app, org.users.reviewer.email);
    id = await createAssessment(author, {
      title: XSS.title,
      authority: XSS.authority,
      caseNumber: XSS.caseNumber,
    });
    // A bill whose own text carries script: it is quoted as evidence on several pages and in the note.
    const bill = [
      'Forslag til Lov om ændring af lov om social service',
      '§ 1',
      'I lov om social service foretages følgende ændringer:',
      `1. § 108, stk. 2, affattes således: »Stk. 2. Kommunalbestyrelsen skal sikre, at beboere på plejehjem kan bevare kontakten til familie og pårørende ${XSS.document}.«`,
      '§ 2',
      'Loven træder i kraft den 1. juli 2027.',
    ].join('\n');
    expect((await uploadDocument(author, id, { text: bill })).status).toBe(303);
    expect((await waitProcessed(author, id)).status).toBe('done');
    const stage1 = await author.get(`/vurderinger/${id}/trin-1`);
    const answers = stage1Defaults(stage1.text, XSS.note);
    expect(
      (await author.submit(`/vurderinger/${id}/trin-1`, `/vurderinger/${id}/trin-1`, answers)).status,
    ).toBe(303);
    expect(
      (
        await reviewer.submit(`/vurderinger/${id}/tjek`, `/vurderinger/${id}/kommentarer`, {
          target: 'general',
          'comment-body': XSS.comment,
        })
      ).status,
    ).toBe(303);
    await author.submit(`/vurderinger/${id}/resultat`, `/vurderinger/${id}/begrundelse`, {
      reason: XSS.reason,
    });
    await author.submit('/konto/api-noegler', '/konto/api-noegler', { name: XSS.tokenName });
  });
  afterAll(async () => {
    await t.close();
  });

  it('the payloads were stored as typed (so the checks below look at real data)', async () => {
    const a = await t.services.assessments.assessment(
      { ...org.users.author, role: 'author', organisation: org.organisation },
      id,
    );
    expect([a?.title, a?.authority, a?.caseNumber]).toEqual([XSS.title, XSS.authority, XSS.caseNumber]);
    expect((await t.services.comments.list(org.organisation.id, id))[0]?.body).toBe(XSS.comment);
  });

  const PAGES = [
    '/vurderinger',
    '/vurderinger/:id/overblik',
    '/vurderinger/:id/trin-1',
    '/vurderinger/:id/tjek',
    '/vurderinger/:id/resultat',
    '/vurderinger/:id/godkendelse',
    '/arkiv',
    '/arkiv/aarsoversigt',
    '/konto/api-noegler',
  ];

  it.each(PAGES)('%s escapes every payload and still shows the text', async (p) => {
    const res = await author.get(p.replace(':id', id));
    expect(res.status).toBe(200);
    expectEscaped(res.text, p);
    // The text is there, as text: what the user typed is not lost either.
    if (p !== '/konto/api-noegler' && p !== '/arkiv/aarsoversigt')
      expect(res.text).toContain('&lt;script&gt;alert(&#34;rt-xss-title&#34;)&lt;/script&gt;');
  });

  it('the reviewer’s pages and the English pages escape them too', async () => {
    for (const p of ['/vurderinger/:id/tjek?lang=en', '/vurderinger/:id/overblik', '/arkiv?lang=en'])
      expectEscaped((await reviewer.get(p.replace(':id', id))).text, p);
    // The CSV holds the text as typed, but as a download that no browser renders as a page.
    const csv = await reviewer.get('/arkiv.csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment;/);
    expect(csv.headers['x-content-type-options']).toBe('nosniff');
  });

  it('the .docx has the payloads as text, never as markup', async () => {
    const docx = await getBinary(author, `/vurderinger/${id}/notat.docx?kommentarer=1`);
    expect(docx.status).toBe(200);
    const zip = await JSZip.loadAsync(docx.bytes);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain('<iframe');
    expect(xml).toContain('&lt;img src=x onerror=alert(&quot;rt-xss-authority&quot;)&gt;');
    expect(xml).toContain(
      '&lt;a href=&quot;javascript:alert(&apos;rt-xss-comment&apos;)&quot;&gt;klik&lt;/a&gt;',
    );
    expect(xml).toContain('&lt;iframe src=&quot;javascript:alert(&apos;rt-xss-reason&apos;)&quot;&gt;');
    // The file name in the header is cut down to letters and digits: no header injection through the title.
    expect(String(docx.headers['content-disposition'])).toMatch(
      /^attachment; filename="notat\.docx"; filename\*=UTF-8''[\w%.-]+$/,
    );
  });

  it('the JSON API returns the payloads as JSON strings (escaped by JSON, served as application/json)', async () => {
    const { token } = await t.services.apiTokens.create({
      userId: org.users.author.id,
      organisationId: org.organisation.id,
      name: 'x',
    });
    const res = await request(t.app).get(`/api/v1/assessments/${id}`).set('Authorization', `Bearer ${token}`);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect((res.body as { title: string }).title).toBe(XSS.title);
  });

  describe('upload limit per user, web and API together', () => {
    it('refuses the upload past UPLOAD_LIMIT with 429, Retry-After and a Danish message; another user is not affected', async () => {
      // One upload was made above; two more are allowed (limit 3), one through the API.
      const { token } = await t.services.apiTokens.create({
        userId: org.users.author.id,
        organisationId: org.organisation.id,
        name: 'limit',
      });
      const second = await createAssessment(author, { title: 'Andet', authority: 'X' });
      expect((await uploadDocument(author, second, { text: '§ 1. Loven træder i kraft.' })).status).toBe(303);
      const third = await createAssessment(author, { title: 'Tredje', authority: 'X' });
      const version = (
        await request(t.app).get(`/api/v1/assessments/${third}`).set('Authorization', `Bearer ${token}`)
      ).headers.etag;
      const viaApi = await request(t.app)
        .post(`/api/v1/assessments/${third}/documents`)
        .set('Authorization', `Bearer ${token}`)
        .set('If-Match', String(version))
        .attach('file', Buffer.from('§ 1. Loven træder i kraft.'), 'lov.txt');
      expect(viaApi.status).toBe(202);

      const fourth = await createAssessment(author, { title: 'Fjerde', authority: 'X' });
      const refused = await uploadDocument(author, fourth, { text: '§ 1. Loven træder i kraft.' });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.text).toContain('Du har indlæst mange dokumenter den seneste time. Vent');
      const apiRefused = await request(t.app)
        .post(`/api/v1/assessments/${fourth}/documents`)
        .set('Authorization', `Bearer ${token}`)
        .set('If-Match', '1')
        .attach('file', Buffer.from('§ 1. Loven træder i kraft.'), 'lov.txt');
      expect(apiRefused.status).toBe(429);
      expect((apiRefused.body as { error: { code: string } }).error.code).toBe('upload-limit');
      expect(apiRefused.headers['retry-after']).toBeDefined();
      // Nothing was stored for the refused uploads.
      const ws = await t.services.assessments.workspace({ organisation: org.organisation }, fourth);
      expect(ws?.document).toBeUndefined();

      const admin = await logIn(t.app, org.users.admin.email);
      const own = await createAssessment(admin, { title: 'Admins', authority: 'X' });
      expect((await uploadDocument(admin, own, { text: '§ 1. Loven træder i kraft.' })).status).toBe(303);
    });
  });
});

describe('cookies behind TLS', () => {
  it('Secure with TRUST_PROXY and X-Forwarded-Proto: https; not Secure over plain HTTP (COOKIE_SECURE=auto)', async () => {
    const t = await startTestApp('sqlite', { TRUST_PROXY: 'true' });
    try {
      await seedOrganisation(t.services, 'Ministeriet', { host: true });
      const tls = await request(t.app).get('/log-ind').set('X-Forwarded-Proto', 'https');
      const plain = await request(t.app).get('/log-ind');
      const cookie = (res: request.Response) => String(res.headers['set-cookie'] ?? '');
      expect(cookie(tls)).toMatch(/rt\.sid=[^;]+;.*HttpOnly/);
      expect(cookie(tls)).toMatch(/;\s*Secure/);
      expect(cookie(tls)).toMatch(/SameSite=Lax/);
      expect(cookie(plain)).toMatch(/rt\.sid=/);
      expect(cookie(plain)).not.toMatch(/;\s*Secure/);
    } finally {
      await t.close();
    }
  });

  it('always Secure with COOKIE_SECURE=true', async () => {
    const t = await startTestApp('sqlite', { COOKIE_SECURE: 'true', TRUST_PROXY: 'true' });
    try {
      await seedOrganisation(t.services, 'Ministeriet', { host: true });
      const res = await request(t.app).get('/log-ind').set('X-Forwarded-Proto', 'https');
      expect(String(res.headers['set-cookie'])).toMatch(/;\s*Secure/);
    } finally {
      await t.close();
    }
  });
});

describe('path traversal on routes that take a name', () => {
  let t: TestApp;
  let author: FormAgent;
  let id = '';
  beforeAll(async () => {
    t = await startTestApp();
    const org = await seedOrganisation(t.services, 'Ministeriet', { host: true });
    author = await logIn(t.app, org.users.author.email);
    id = await createAssessment(author, { title: 'Sti', authority: 'X' });
    await uploadDocument(author, id, { text: '§ 1. Loven træder i kraft den 1. juli 2027.' });
    await waitProcessed(author, id);
  });
  afterAll(async () => {
    await t.close();
  });

  const SECRETS = ['"name": "relationstjek"', 'DATABASE_URL', 'root:x:0:0', 'sessionSecret'];
  const TRAVERSALS = [
    '/static/../package.json',
    '/static/%2e%2e/package.json',
    '/static/..%2fpackage.json',
    '/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/static/dkfds/%2e%2e/%2e%2e/%2e%2e/package.json',
    '/static/dkfds/..%5c..%5c..%5cpackage.json',
    '/static/app.css%00.js',
    '/vurderinger/:id/trin-2/..%2f..%2f..%2fpackage.json',
    '/vurderinger/:id/trin-2/%2e%2e',
    '/api/v1/..%2f..%2fpackage.json',
    '/api/v1/assessments/..%2f..%2fpackage.json',
  ];

  it.each(TRAVERSALS)('%s reaches nothing outside its folder', async (p) => {
    const res = await author.get(p.replace(':id', id));
    // Refused, or sent back to a page of the same assessment (an unknown question goes to the first one).
    const ok =
      res.status >= 400 ||
      (res.status === 303 && String(res.headers.location).startsWith(`/vurderinger/${id}/`));
    expect([p, res.status, ok]).toEqual([p, res.status, true]);
    const body = res.text ?? '';
    for (const s of SECRETS) expect(body).not.toContain(s);
  });

  it('POSTs with a name in the path (comment, guest, API key) refuse traversal with 404 and change nothing', async () => {
    const page = await author.get(`/vurderinger/${id}/tjek`);
    const token = csrfOf(page.text);
    for (const p of [
      `/vurderinger/${id}/kommentarer/..%2f..%2fpackage.json/loest`,
      `/vurderinger/${id}/deling/..%2f..%2fetc%2fpasswd/fjern`,
      '/konto/api-noegler/..%2f..%2fpackage.json/tilbagekald',
    ]) {
      const res = await author.post(p).type('form').send({ _csrf: token });
      expect([p, res.status]).toEqual([p, 404]);
      for (const s of SECRETS) expect(res.text).not.toContain(s);
    }
  });
});
