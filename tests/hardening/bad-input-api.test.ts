import path from 'node:path';
import request from 'supertest';
import { ApiError, AssessmentSummary, DocumentAccepted, DocumentStatus } from '../../src/api/api-schemas';
import { BAD_INPUTS, ensureBadInput, type BadInput } from '../fixtures/bad-input/make-bad-input';
import { seedOrganisation, startTestApp, type TestApp } from '../helpers/test-app';
import { measured, startProbe } from './load-probe';

const rows: string[] = [];

describe('bad input through the JSON API: a specific error, in bounded time and memory, others served', () => {
  let t: TestApp;
  let dir: string;
  const token = { author: '', reviewer: '' };

  beforeAll(async () => {
    dir = await ensureBadInput();
    t = await startTestApp('sqlite', { MAX_UPLOAD_MB: '20', JOB_TIMEOUT_S: '30', WORKERS: '1' });
    const org = await seedOrganisation(t.services, 'Socialministeriet');
    const make = async (userId: string) =>
      (await t.services.apiTokens.create({ userId, organisationId: org.organisation.id, name: 'test' }))
        .token;
    token.author = await make(org.users.author.id);
    token.reviewer = await make(org.users.reviewer.id);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    process.stdout.write(
      `\nAPI: file | ms | peak RSS MB (growth) | probes (slowest ms)\n${rows.join('\n')}\n`,
    );
  });

  const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });

  async function create(f: BadInput) {
    const res = await request(t.app)
      .post('/api/v1/assessments')
      .set(auth(token.author))
      .send({
        title: `Fejlfil ${f.file}`,
        authority: 'Socialministeriet',
        caseNumber: '',
        rulesetId: 'dk-lovforslag',
        mode: 'a',
      });
    expect(res.status).toBe(201);
    return AssessmentSummary.parse(res.body);
  }

  /** Uploads, then follows the document until it is refused; the final answer as JSON. */
  async function refusal(f: BadInput, id: string, version: number) {
    const res = await request(t.app)
      .post(`/api/v1/assessments/${id}/documents`)
      .set(auth(token.author))
      .set('If-Match', `"${version}"`)
      .attach('file', path.join(dir, f.file));
    if (res.status !== 202) return { status: res.status, body: res.body as unknown };
    DocumentAccepted.parse(res.body);
    for (let i = 0; i < 240; i++) {
      const latest = await request(t.app)
        .get(`/api/v1/assessments/${id}/documents/latest`)
        .set(auth(token.author));
      const d = DocumentStatus.parse(latest.body);
      if (d.status === 'done' || d.status === 'failed') return { status: latest.status, body: d as unknown };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('document not processed in 24 s');
  }

  it.each(BAD_INPUTS.map((f) => [f.file, f] as const))('%s', async (_name, f) => {
    const a = await create(f);
    const probe = startProbe(() => request(t.app).get('/api/v1/assessments').set(auth(token.reviewer)));
    const { value, ms, peakRssMb, growthMb } = await measured(() => refusal(f, a.id, a.version));
    const others = await probe.stop();
    rows.push(
      `${f.file} | ${ms} | ${peakRssMb} (+${growthMb}) | ${others.requests} (${Math.round(others.slowestMs)})`,
    );

    if (f.upload) {
      // Refused by the route: the documented error body with its code.
      expect(value.status).toBe(f.upload.apiStatus);
      const body = ApiError.parse(value.body);
      expect(body.error.code).toBe(f.upload.apiCode);
      expect(body.error.message).toMatch(f.upload.da);
    } else {
      // Accepted for processing, then refused by ingest: the document's status says why.
      expect(value.status).toBe(200);
      const d = DocumentStatus.parse(value.body);
      expect(d.status).toBe('failed');
      expect(d.error?.message).toMatch(f.da);
      expect(d.error?.messageEn).toMatch(f.en);
      expect(d.error?.message).not.toMatch(/intern fejl/i);
    }
    expect(ms).toBeLessThan(20_000);
    expect(growthMb).toBeLessThan(1024);
    expect(others.statuses.every((s) => s === 200)).toBe(true);
    expect(others.slowestMs).toBeLessThan(2000);
  });
});
