import request from 'supertest';
import {
  csrfOf,
  logIn,
  PASSWORD,
  seedOrganisation,
  startTestApp,
  withForms,
  type TestApp,
} from '../helpers/test-app';

describe('accounts in the web app: invitations, login, logout, rate limit', () => {
  let t: TestApp;
  let host: Awaited<ReturnType<typeof seedOrganisation>>;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { LOGIN_LIMIT: '3' });
    host = await seedOrganisation(t.services, 'Kulturministeriet', { host: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('an admin invites a reviewer by a one-time link; the invited person sets a password and gets that role', async () => {
    const admin = await logIn(t.app, host.users.admin.email);
    const bad = await admin.submit('/brugere', '/brugere', {
      name: '',
      email: 'ikke-en-adresse',
      role: 'reviewer',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Skriv personens navn.');
    expect(bad.text).toContain('value="ikke-en-adresse"');
    const res = await admin.submit('/brugere', '/brugere', {
      name: 'Rikke Læser',
      email: 'rikke@kum.dk',
      role: 'reviewer',
    });
    expect(res.status).toBe(201);
    const link = /<code class="rt-link" id="invitation-link">([^<]+)<\/code>/.exec(res.text)?.[1] as string;
    expect(link).toMatch(/\/invitation\/[A-Za-z0-9_-]{20,}$/);
    const path = new URL(link).pathname;
    // Only the hash of the token is stored.
    const rows = await t.services.db.db.selectFrom('invitations').select('token_hash').execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(path.split('/').pop());

    const guest = withForms(request.agent(t.app));
    const page = await guest.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('rikke@kum.dk');
    const short = await guest
      .post(path)
      .type('form')
      .send({ _csrf: csrfOf(page.text), name: 'Rikke Læser', password: 'kort', password2: 'kort' });
    expect(short.status).toBe(400);
    expect(short.text).toContain('mindst 12 tegn');
    const ok = await guest.submit(path, path, {
      name: 'Rikke Læser',
      password: PASSWORD,
      password2: PASSWORD,
    });
    expect(ok.status).toBe(303);
    const list = await guest.get('/vurderinger');
    expect(list.text).toContain('Rikke Læser');
    expect(list.text).toContain('(læser)');
    expect(list.text).not.toContain('Ny vurdering');
    // Used once.
    expect((await request(t.app).get(path)).status).toBe(404);
  });

  it('the host organisation’s admin adds an organisation whose first admin is invited; it sees none of the host’s data', async () => {
    const admin = await logIn(t.app, host.users.admin.email);
    const res = await admin.submit('/organisationer', '/organisationer', {
      organisation: 'Vejle Kommune',
      kind: 'municipality',
      name: 'Vera Vejle',
      email: 'vera@vejle.dk',
    });
    expect(res.status).toBe(201);
    const path = new URL(/id="invitation-link">([^<]+)</.exec(res.text)?.[1] as string).pathname;
    const vera = withForms(request.agent(t.app));
    expect(
      (await vera.submit(path, path, { name: 'Vera Vejle', password: PASSWORD, password2: PASSWORD })).status,
    ).toBe(303);
    const users = await vera.get('/brugere');
    expect(users.text).toContain('Vejle Kommune');
    expect(users.text).not.toContain(host.users.author.email);
    expect((await vera.get('/organisationer')).status).toBe(403);
  });

  it('a POST from someone never logged in goes to the login page and nothing it sent is stored', async () => {
    const stranger = request.agent(t.app);
    const page = await stranger.get('/log-ind');
    const res = await stranger
      .post('/vurderinger/ny')
      .type('form')
      .send({ _csrf: csrfOf(page.text), title: 'X'.repeat(100_000) + 'MÆRKE' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/log-ind');
    const rows = await t.services.db.db.selectFrom('sessions').select('data').execute();
    expect(rows.some((r) => r.data.includes('MÆRKE'))).toBe(false);
    expect((await stranger.get('/log-ind')).text).not.toContain('Din session er udløbet');
  });

  it('logging out ends the session in the database', async () => {
    const admin = await logIn(t.app, host.users.reviewer.email);
    const before = await t.services.db.db.selectFrom('sessions').select('sid').execute();
    const res = await admin.submit('/vurderinger', '/log-ud', {});
    expect(res.headers.location).toBe('/log-ind?logget-ud');
    const after = await t.services.db.db.selectFrom('sessions').select('sid').execute();
    expect(after.length).toBe(before.length - 1);
    const list = await admin.get('/vurderinger');
    expect(list.status).toBe(303);
    expect(list.headers.location).toBe('/log-ind');
    expect((await admin.get('/log-ind?logget-ud')).text).toContain('Du er logget ud.');
  });

  it('wrong passwords get one message whether or not the address exists, and the login is rate-limited', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/log-ind');
    const token = csrfOf(page.text);
    const unknown = await agent
      .post('/log-ind')
      .type('form')
      .send({ _csrf: token, email: 'ingen@findes.dk', password: 'forkert-forkert' });
    expect(unknown.status).toBe(401);
    expect(unknown.text).toContain('E-mailadressen eller adgangskoden er forkert.');
    expect(unknown.text).toContain('value="ingen@findes.dk"');
    const wrong = await agent
      .post('/log-ind')
      .type('form')
      .send({ _csrf: token, email: host.users.author.email, password: 'forkert-forkert' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('E-mailadressen eller adgangskoden er forkert.');
    await agent
      .post('/log-ind')
      .type('form')
      .send({ _csrf: token, email: host.users.author.email, password: 'forkert-igen' });
    const limited = await agent
      .post('/log-ind')
      .type('form')
      .send({ _csrf: token, email: host.users.author.email, password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('For mange mislykkede forsøg');
  });
});
