import request from 'supertest';
import { readFileSync } from 'node:fs';
import { createApp } from '../../src/web/app';
import { sampleBytes } from '../helpers/samples';

describe('web app (single page for now)', () => {
  const app = createApp({ maxTextBytes: 1024 * 1024 });

  it('answers /health and serves the Danish front page with a CSP and no inline script', async () => {
    expect((await request(app).get('/health')).body).toEqual({ status: 'ok' });
    const page = await request(app).get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="da">');
    expect(page.text).toContain('<label for="text">Dokumentets tekst</label>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).not.toMatch(/<script>/);
  });

  it('shows the structure of pasted text', async () => {
    const text = sampleBytes('lovforslag-ny-lov.txt').toString('utf8');
    const res = await request(app).post('/indlaes').type('form').send({ text });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Dansk lovforslag');
    expect(res.text).toContain('Kapitel 3 – Lukning og sammenlægning af fællesskabshuse');
    expect(res.text).toContain('§ 7 a');
  });

  it('gives a clear error for empty input and escapes what it echoes', async () => {
    const empty = await request(app).post('/indlaes').type('form').send({ text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Indsæt teksten fra dokumentet i feltet.');
    const hostile = await request(app)
      .post('/indlaes')
      .type('form')
      .send({ text: '<script>alert(1)</script> § 1. Loven gælder.' });
    expect(hostile.text).not.toContain('<script>alert(1)</script>');
    expect(hostile.text).toContain('&lt;script&gt;');
  });

  it('says when the page does not exist', async () => {
    const res = await request(app).get('/findes-ikke');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Siden findes ikke');
  });

  it('serves its stylesheet', async () => {
    const res = await request(app).get('/static/app.css');
    expect(res.status).toBe(200);
    expect(res.text).toBe(readFileSync('views/static/app.css', 'utf8'));
  });
});
