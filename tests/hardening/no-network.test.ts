/**
 * Bill drafts are confidential: nothing leaves the machine at run time. The real server (dist/) runs with a
 * preload that records every attempt to reach another machine (TCP, UDP, DNS), in the main thread and in the
 * document workers, while a whole assessment is driven through it: first-admin setup, a Word and a PDF
 * upload (pdftotext runs), stage 1, the note, the archive, an API key and the JSON API. The log must stay empty.
 * A control run shows the preload does record an outbound attempt.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startServer, type RunningServer } from '../browser/browser-support';
import { csrfOf, stage1Defaults, withForms, type FormAgent } from '../helpers/test-app';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');
const PRELOAD = path.join(__dirname, 'watch-network.js');

function attempts(log: string): { kind: string; target: string; thread: number }[] {
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { kind: string; target: string; thread: number });
}

async function waitDone(agent: FormAgent, id: string): Promise<string> {
  for (let i = 0; i < 240; i++) {
    const s = (await agent.get(`/vurderinger/${id}/status`)).body as { status: string };
    if (s.status === 'done' || s.status === 'failed') return s.status;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('not processed in 60 s');
}

describe('no outbound network connection at run time', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-net-'));
  const log = path.join(dir, 'network.jsonl');
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ RT_NETWORK_LOG: log, WORKERS: '2' }, ['--require', PRELOAD]);
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the preload records an attempt to reach another machine (control)', () => {
    const control = path.join(dir, 'control.jsonl');
    const r = spawnSync(
      process.execPath,
      [
        '--require',
        PRELOAD,
        '-e',
        // From the main thread and from a worker thread (documents are read in workers).
        "const s=require('node:net').connect(9,'192.0.2.1');s.on('error',()=>{});setTimeout(()=>s.destroy(),50);require('node:dns').lookup('example.invalid',()=>{});new (require('node:worker_threads').Worker)(\"const w=require('node:net').connect(9,'192.0.2.2');w.on('error',()=>{});setTimeout(()=>w.destroy(),50)\",{eval:true})",
      ],
      { env: { ...process.env, RT_NETWORK_LOG: control }, timeout: 10_000 },
    );
    expect(r.status).toBe(0);
    const seen = attempts(control);
    expect(seen.map((a) => `${a.kind} ${a.target}`).sort()).toEqual([
      'dns example.invalid',
      'tcp 192.0.2.1:9',
      'tcp 192.0.2.2:9',
    ]);
    expect(seen.some((a) => a.thread !== 0)).toBe(true);
  });

  it('a whole assessment, the note, the archive and the API make no attempt to reach another machine', async () => {
    const agent = withForms(request.agent(server.url));
    const setup = await agent.get('/opsaetning');
    const made = await agent
      .post('/opsaetning')
      .type('form')
      .send({
        _csrf: csrfOf(setup.text),
        organisation: 'Social- og Boligministeriet',
        kind: 'ministry',
        name: 'Anne Admin',
        email: 'anne@sm.dk',
        password: 'korrekt-hest-batteri-hæfteklamme',
        password2: 'korrekt-hest-batteri-hæfteklamme',
      });
    expect(made.status).toBe(303);

    const ids: string[] = [];
    for (const sample of ['lovforslag-aendring.docx', 'lovforslag-aendring.pdf']) {
      const created = await agent.submit('/vurderinger/ny', '/vurderinger/ny', {
        title: `Fortroligt udkast (${sample})`,
        authority: 'Social- og Boligministeriet',
        caseNumber: '',
        rulesetId: 'dk-lovforslag',
        mode: 'a',
      });
      const id = /\/vurderinger\/([0-9a-f-]{36})\//.exec(String(created.headers.location))?.[1] ?? '';
      const page = await agent.get(`/vurderinger/${id}/dokument`);
      const up = await agent
        .post(`/vurderinger/${id}/dokument`)
        .field('_csrf', csrfOf(page.text))
        .field('version', /name="version" value="(\d+)"/.exec(page.text)?.[1] ?? '1')
        .attach('file', path.join(ROOT, 'samples', sample));
      expect(up.status).toBe(303);
      expect(await waitDone(agent, id)).toBe('done');
      ids.push(id);
    }
    const [id] = ids as [string];
    const stage1 = await agent.get(`/vurderinger/${id}/trin-1`);
    expect(
      (
        await agent.submit(
          `/vurderinger/${id}/trin-1`,
          `/vurderinger/${id}/trin-1`,
          stage1Defaults(stage1.text),
        )
      ).status,
    ).toBe(303);
    for (const p of ['overblik', 'tjek', 'resultat', 'notat.docx', 'godkendelse'])
      expect([p, (await agent.get(`/vurderinger/${id}/${p}`)).status]).toEqual([p, 200]);
    for (const p of ['/arkiv', '/arkiv.csv', '/arkiv/aarsoversigt', '/vurderinger'])
      expect([p, (await agent.get(p)).status]).toEqual([p, 200]);

    const keys = await agent.submit('/konto/api-noegler', '/konto/api-noegler', { name: 'Test' });
    const token = /id="api-token">([^<]+)</.exec(keys.text)?.[1] ?? '';
    expect(token).toMatch(/^rt_/);
    const api = await request(server.url)
      .get(`/api/v1/assessments/${id}/findings`)
      .set('Authorization', `Bearer ${token}`);
    expect(api.status).toBe(200);

    expect(attempts(log)).toEqual([]);
  });
});
