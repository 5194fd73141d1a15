import path from 'node:path';
import { BAD_INPUTS, ensureBadInput, type BadInput } from '../fixtures/bad-input/make-bad-input';
import {
  createAssessment,
  logIn,
  seedOrganisation,
  startTestApp,
  uploadDocument,
  waitProcessed,
  type FormAgent,
  type TestApp,
} from '../helpers/test-app';
import { measured, startProbe } from './load-probe';

/** What the report at the end prints: one line per fixture. */
const rows: string[] = [];

describe('bad input through the web upload: a specific message, in bounded time and memory, others served', () => {
  let t: TestApp;
  let author: FormAgent;
  let reviewer: FormAgent;
  let dir: string;

  beforeAll(async () => {
    dir = await ensureBadInput();
    // 20 MB instead of the default 50, so the 100 MB file is refused after fewer bytes.
    t = await startTestApp('sqlite', { MAX_UPLOAD_MB: '20', JOB_TIMEOUT_S: '30', WORKERS: '1' });
    const org = await seedOrganisation(t.services, 'Socialministeriet');
    author = await logIn(t.app, org.users.author.email);
    reviewer = await logIn(t.app, org.users.reviewer.email);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    process.stdout.write(
      `\nweb upload: file | ms | peak RSS MB (growth) | probes (slowest ms) | refused on\n${rows.join('\n')}\n`,
    );
  });

  /** Uploads the file; the page that finally shows the refusal, and the status the page polls. */
  async function refusal(f: BadInput, id: string) {
    const res = await uploadDocument(author, id, path.join(dir, f.file));
    if (res.status !== 303) return { status: res.status, html: res.text, page: 'upload' };
    // Not refused within the upload's own wait: the processing page shows the refusal when it comes.
    expect(String(res.headers.location)).toMatch(/\/behandling$/);
    expect((await waitProcessed(author, id)).status).toBe('failed');
    const page = await author.get(`/vurderinger/${id}/behandling`);
    return { status: page.status, html: page.text, page: 'processing' };
  }

  it.each(BAD_INPUTS.map((f) => [f.file, f] as const))('%s', async (_name, f) => {
    const id = await createAssessment(author, { title: `Fejlfil ${f.file}`, authority: 'Socialministeriet' });
    // Someone else reads the list of assessments all the while.
    const probe = startProbe(() => reviewer.get('/vurderinger'));
    const { value, ms, peakRssMb, growthMb } = await measured(() => refusal(f, id));
    const others = await probe.stop();
    rows.push(
      `${f.file} | ${ms} | ${peakRssMb} (+${growthMb}) | ${others.requests} (${Math.round(others.slowestMs)}) | ${value.page}`,
    );

    if (f.upload) {
      expect(value.status).toBe(f.upload.webStatus);
      expect(value.html).toMatch(f.upload.da);
    } else {
      // Refused within the upload's wait: 422 on the upload page; later: the processing page says why.
      expect(value.status).toBe(value.page === 'upload' ? 422 : 200);
      expect(value.html).toMatch(f.da);
      const status = (await author.get(`/vurderinger/${id}/status`)).body as {
        status: string;
        error: { da: string; en: string } | null;
      };
      expect(status.status).toBe('failed');
      expect(status.error?.da).toMatch(f.da);
      expect(status.error?.en).toMatch(f.en);
    }
    expect(value.html).not.toMatch(/intern fejl/i);
    expect(ms).toBeLessThan(20_000);
    expect(growthMb).toBeLessThan(1024);
    expect(others.statuses.every((s) => s === 200)).toBe(true);
    expect(others.slowestMs).toBeLessThan(2000);
    // And afterwards the app still serves its pages.
    expect((await reviewer.get('/vurderinger')).status).toBe(200);
  });
});
