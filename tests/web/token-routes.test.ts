import { createHash } from 'node:crypto';
import request from 'supertest';
import { describeEachDatabase } from '../helpers/test-databases';
import {
  csrfOf,
  logIn,
  seedOrganisation,
  startTestApp,
  type FormAgent,
  type SeededOrganisation,
  type TestApp,
} from '../helpers/test-app';

const PAGE = '/konto/api-noegler';

/** The token shown once on the page after creating it. */
function tokenOn(html: string): string | undefined {
  return /<code class="rt-link" id="api-token">(rt_[A-Za-z0-9_-]{43})<\/code>/.exec(html)?.[1];
}

describeEachDatabase('API keys in the web app', (getDb) => {
  let t: TestApp;
  let org: SeededOrganisation;
  let other: SeededOrganisation;
  let author: FormAgent;
  let admin: FormAgent;

  const api = (token: string) =>
    request(t.app).get('/api/v1/assessments').set('Authorization', `Bearer ${token}`);

  async function create(agent: FormAgent, name: string) {
    const res = await agent.submit(PAGE, PAGE, { name });
    expect(res.status).toBe(201);
    const token = tokenOn(res.text);
    if (!token) throw new Error('no token on the page');
    return { res, token };
  }

  beforeAll(async () => {
    t = await startTestApp(getDb().dialect);
    org = await seedOrganisation(t.services, 'Socialministeriet', { host: true });
    other = await seedOrganisation(t.services, 'Andenkommune', { kind: 'municipality' });
    author = await logIn(t.app, org.users.author.email);
    admin = await logIn(t.app, org.users.admin.email);
  });
  afterAll(async () => {
    await t.close();
  });

  it('needs a login', async () => {
    const res = await request(t.app).get(PAGE);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/log-ind');
  });

  it('is linked in the header for every role and lists no keys at first', async () => {
    const reviewer = await logIn(t.app, org.users.reviewer.email);
    for (const agent of [author, reviewer]) {
      expect((await agent.get('/vurderinger')).text).toContain('href="/konto/api-noegler"');
    }
    const page = await author.get(PAGE);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>API-nøgler</h1>');
    expect(page.text).toMatch(/href="\/konto\/api-noegler" aria-current="page"/);
    expect(page.text).toContain('Du har endnu ingen API-nøgler.');
    expect((await author.get(`${PAGE}?lang=en`)).text).toContain('<h1>API keys</h1>');
    await author.get(`${PAGE}?lang=da`);
  });

  it('a missing or too long name is shown in the error summary; nothing is created', async () => {
    for (const name of ['   ', 'x'.repeat(101)]) {
      const res = await author.submit(PAGE, PAGE, { name });
      expect(res.status).toBe(400);
      expect(res.text).toContain('href="#name"');
      expect(res.text).toMatch(/Giv nøglen et navn\.|Navnet må højst være 100 tegn\./);
      expect(res.text).toContain('aria-invalid="true"');
    }
    expect(await t.services.apiTokens.list(org.users.author.id)).toEqual([]);
  });

  it('a POST without the CSRF token is refused', async () => {
    const res = await author.post(PAGE).type('form').send({ name: 'Uden token' });
    expect(res.status).toBe(403);
    expect(await t.services.apiTokens.list(org.users.author.id)).toEqual([]);
  });

  it('creates a key: shown once with a warning, only its hash stored, audited, and it works on the API', async () => {
    const { res, token } = await create(author, 'Sagssystem');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('Den bliver ikke vist igen.');
    expect(res.text.split(token).length - 1).toBe(1);

    // Shown once: the list afterwards has its name and prefix, never the token.
    const again = await author.get(PAGE);
    expect(again.text).not.toContain(token);
    expect(again.text).toContain('Sagssystem');
    expect(again.text).toContain(`${token.slice(0, 10)}…`);
    expect(again.text).toContain('Aldrig');

    const rows = await t.services.db.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', org.users.author.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(rows[0]?.organisation_id).toBe(org.organisation.id);
    expect(JSON.stringify(rows)).not.toContain(token);

    const audit = await t.services.audit.list(org.organisation.id);
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'api-token-created',
        userId: org.users.author.id,
        detail: expect.objectContaining({ name: 'Sagssystem', prefix: token.slice(0, 10) }),
      }),
    );
    expect(JSON.stringify(audit)).not.toContain(token);

    expect((await api(token)).status).toBe(200);
    // Its use is shown in the list.
    expect((await author.get(PAGE)).text).not.toContain('Aldrig');
  });

  it('another user cannot revoke it (404) and does not see it; the owner can, and then it no longer works', async () => {
    const { token } = await create(author, 'Skal tilbagekaldes');
    const id = (await t.services.apiTokens.list(org.users.author.id)).find(
      (k) => k.name === 'Skal tilbagekaldes',
    )?.id as string;
    expect((await admin.get(PAGE)).text).not.toContain('Skal tilbagekaldes');
    const stranger = await admin.submit(PAGE, `${PAGE}/${id}/tilbagekald`, {});
    expect(stranger.status).toBe(404);
    expect(stranger.text).toContain('API-nøglen findes ikke');
    expect((await api(token)).status).toBe(200);
    const garbled = await author.submit(PAGE, `${PAGE}/ikke-et-id/tilbagekald`, {});
    expect(garbled.status).toBe(404);

    const page = await author.get(PAGE);
    expect(page.text).toContain(`action="/konto/api-noegler/${id}/tilbagekald"`);
    const res = await author
      .post(`${PAGE}/${id}/tilbagekald`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(PAGE);
    const after = await author.get(PAGE);
    expect(after.text).toContain('API-nøglen er tilbagekaldt og virker ikke længere.');
    expect(after.text).toContain('Tilbagekaldt');
    expect(after.text).not.toContain(`action="/konto/api-noegler/${id}/tilbagekald"`);

    const denied = await api(token);
    expect(denied.status).toBe(401);
    expect(denied.headers['www-authenticate']).toContain('Bearer');
    const audit = await t.services.audit.list(org.organisation.id);
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'api-token-revoked',
        userId: org.users.author.id,
        detail: { token: id },
      }),
    );
  });

  it('a revoke without the CSRF token is refused and the key keeps working', async () => {
    const { token } = await create(author, 'Uden CSRF');
    const id = (await t.services.apiTokens.list(org.users.author.id)).find((k) => k.name === 'Uden CSRF')?.id;
    const res = await author.post(`${PAGE}/${id}/tilbagekald`).type('form').send({});
    expect(res.status).toBe(403);
    expect((await api(token)).status).toBe(200);
  });

  it('the key of a member removed from the organisation no longer works, not even after joining another', async () => {
    const reviewer = await logIn(t.app, org.users.reviewer.email);
    const { token } = await create(reviewer, 'Læserens nøgle');
    expect((await api(token)).status).toBe(200);
    const db = t.services.db.db;
    await db.deleteFrom('memberships').where('user_id', '=', org.users.reviewer.id).execute();
    expect((await api(token)).status).toBe(401);
    // A membership elsewhere gives the user a member again, but the key belongs to the first organisation.
    await db
      .insertInto('memberships')
      .values({
        user_id: org.users.reviewer.id,
        organisation_id: other.organisation.id,
        role: 'admin',
        created_at: new Date().toISOString(),
      })
      .execute();
    expect((await t.services.accounts.member(org.users.reviewer.id))?.organisation.id).toBe(
      other.organisation.id,
    );
    const res = await api(token);
    expect(res.status).toBe(401);
    expect((res.body as { error: { code: string } }).error.code).toBe('unauthorized');
  });
});
