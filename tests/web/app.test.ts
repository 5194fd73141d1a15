import request from 'supertest';
import { csrfOf, startTestApp, type TestApp } from '../helpers/test-app';

describe('web app: first start, static files, errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers /health without a login, with security headers and a CSP without inline script or style', async () => {
    const res = await request(t.app).get('/health');
    expect(res.body).toEqual({ status: 'ok' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('on an empty database sends every page to the setup of the first admin (no default password)', async () => {
    for (const p of ['/', '/vurderinger', '/log-ind', '/brugere']) {
      const res = await request(t.app).get(p);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/opsaetning');
    }
    const page = await request(t.app).get('/opsaetning');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="da">');
    expect(page.text).toContain('Der findes ingen standardadgangskode');
    expect(page.text).not.toMatch(/<script>|<style>| style="/);
  });

  it('refuses a setup without the CSRF token, and one with errors keeps what was typed', async () => {
    const agent = request.agent(t.app);
    const noToken = await agent.post('/opsaetning').type('form').send({ organisation: 'X' });
    expect(noToken.status).toBe(403);
    const page = await agent.get('/opsaetning');
    const bad = await agent
      .post('/opsaetning')
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        organisation: 'Børne- og <Undervisningsministeriet>',
        kind: 'ministry',
        name: '',
        email: 'nej',
        password: 'kort',
        password2: 'anden',
      });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Der er 4 fejl');
    expect(bad.text).toContain('href="#name"');
    expect(bad.text).toContain('Skriv en gyldig e-mailadresse');
    expect(bad.text).toContain('Adgangskoden skal være på mindst 12 tegn.');
    expect(bad.text).toContain('De to adgangskoder er ikke ens.');
    expect(bad.text).toContain('value="Børne- og &lt;Undervisningsministeriet&gt;"');
    expect(bad.text).not.toContain('value="kort"');
  });

  it('creates the first admin, logs them in with a new session id, and closes the setup page', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/opsaetning');
    const before = /rt\.sid=([^;]+)/.exec(String(page.headers['set-cookie']))?.[1];
    const res = await agent
      .post('/opsaetning')
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        organisation: 'Social- og Boligministeriet',
        kind: 'ministry',
        name: 'Anne Admin',
        email: 'Anne@SM.dk',
        password: 'korrekt-hest-batteri',
        password2: 'korrekt-hest-batteri',
      });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/vurderinger');
    const cookies = String(res.headers['set-cookie']);
    const after = /rt\.sid=([^;]+)/.exec(cookies)?.[1];
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(cookies).toMatch(/rt\.sid=[^;]+;.*HttpOnly/);
    expect(cookies).toMatch(/SameSite=Lax/);
    const list = await agent.get('/vurderinger');
    expect(list.text).toContain('Anne Admin');
    expect((await request(t.app).get('/opsaetning')).headers.location).toBe('/log-ind');
  });

  it('serves the design system and its own stylesheet and script', async () => {
    for (const p of [
      '/static/dkfds/css/dkfds.min.css',
      '/static/dkfds/js/dkfds.min.js',
      '/static/app.css',
      '/static/app.js',
    ]) {
      expect((await request(t.app).get(p)).status).toBe(200);
    }
  });

  it('says when a page does not exist, in Danish or English', async () => {
    const da = await request(t.app).get('/log-ind/findes-ikke');
    expect(da.status).toBe(404);
    expect(da.text).toContain('Siden findes ikke');
    const en = await request(t.app).get('/log-ind/findes-ikke?lang=en');
    expect(en.text).toContain('Page not found');
    expect(en.text).toContain('<html lang="en">');
  });
});
