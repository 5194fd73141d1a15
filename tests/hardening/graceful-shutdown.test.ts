import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  HttpSession,
  newAssessment,
  setUpUsers,
  spawnServer,
  SERVER_JS,
  type LiveServer,
} from '../../bench/live-server';

/**
 * SIGTERM (what systemd, Docker and Kubernetes send) stops the real server gracefully: the request in flight is
 * finished and its write kept, new connections are refused, and the process ends with exit code 0.
 */
const PASSWORD = 'nedlukning-adgangskode-1';
const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'lovforslag-ny-lov.txt');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const run = fs.existsSync(SERVER_JS) ? describe : describe.skip;

/** A new TCP connection to the server: resolves 'refused' or 'accepted'. */
function tryConnect(port: number): Promise<'refused' | 'accepted'> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
      res.resume();
      resolve('accepted');
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      resolve(e.code === 'ECONNREFUSED' ? 'refused' : 'accepted'),
    );
  });
}

/**
 * A multipart upload of the upload form, sent slowly on a connection of its own: `first` is written at once, the
 * rest only when `finish` is called. Resolves with the status and Location once the server answers.
 */
function slowUpload(
  server: LiveServer,
  session: HttpSession,
  id: string,
  fields: { csrf: string; version: string },
  file: { name: string; bytes: Buffer },
  agent: http.Agent,
) {
  const boundary = `----rt${Date.now().toString(16)}`;
  const part = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head = Buffer.from(
    part('_csrf', fields.csrf) +
      part('version', fields.version) +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/plain\r\n\r\n`,
  );
  const body = Buffer.concat([head, file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const half = Math.floor(body.length / 2);
  const req = http.request({
    host: '127.0.0.1',
    port: server.port,
    method: 'POST',
    path: `/vurderinger/${id}/dokument`,
    agent,
    headers: {
      cookie: session.cookieHeader(),
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(body.length),
    },
  });
  const answered = new Promise<{ status: number; location: string; connection: string }>(
    (resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve({
          status: res.statusCode ?? 0,
          location: String(res.headers.location ?? ''),
          connection: String(res.headers.connection ?? ''),
        });
      });
      req.on('error', reject);
    },
  );
  req.write(body.subarray(0, half));
  return {
    answered,
    /** Writes the rest in a few slow pieces. */
    async finish(): Promise<void> {
      const rest = body.subarray(half);
      const step = Math.ceil(rest.length / 4);
      for (let i = 0; i < rest.length; i += step) {
        req.write(rest.subarray(i, i + step));
        await sleep(150);
      }
      req.end();
    },
  };
}

run('graceful shutdown on SIGTERM (the real server)', () => {
  let dataDir: string;
  let server: LiveServer | undefined;
  const env = () => ({ DATA_DIR: dataDir, DATABASE_URL: '', WORKERS: '1', LOG_LEVEL: 'silent' });

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-shutdown-'));
  });
  afterEach(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    server = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes the upload in flight, refuses new connections, exits 0, and the upload is kept', async () => {
    server = await spawnServer(env());
    const { author } = await setUpUsers(server.base, PASSWORD);
    const id = await newAssessment(author, 'Nedlukning under upload');
    const form = await author.form(`/vurderinger/${id}/dokument`);
    // A browser's kept-alive connection: it must not keep the stopping server open after the answer.
    const agent = new http.Agent({ keepAlive: true });
    const upload = slowUpload(
      server,
      author,
      id,
      form,
      { name: 'midt-i-nedlukningen.txt', bytes: fs.readFileSync(SAMPLE) },
      agent,
    );
    await sleep(300); // the server has the first half: the request is in flight
    const stopAsked = Date.now();
    server.child.kill('SIGTERM');
    await sleep(300);
    expect(await tryConnect(server.port)).toBe('refused');
    expect(server.child.exitCode).toBeNull(); // still finishing the upload
    await upload.finish();
    const reply = await upload.answered;
    expect(reply.status).toBe(303);
    expect(reply.location).toMatch(new RegExp(`/vurderinger/${id}/(overblik|behandling)$`));
    expect(reply.connection).toBe('close');
    const how = await server.exited;
    agent.destroy();
    expect(how).toEqual({ code: 0, signal: null });
    // Well before the 30 s hard stop (which exits 1): only the small document's processing is waited for.
    expect(Date.now() - stopAsked).toBeLessThan(20_000);

    // The write is in the database, and the restarted server shows it (the session survives the restart).
    const db = new BetterSqlite3(path.join(dataDir, 'relationstjek.sqlite'), { readonly: true });
    try {
      const row = db
        .prepare('select status, size from document_versions where assessment_id = ? and file_name = ?')
        .get(id, 'midt-i-nedlukningen.txt') as { status: string; size: number } | undefined;
      expect(row).toBeDefined();
      expect(row?.size).toBe(fs.statSync(SAMPLE).size);
      expect(['queued', 'processing', 'done']).toContain(row?.status);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    server = await spawnServer(env());
    author.base = server.base;
    let status = '';
    for (let i = 0; i < 120 && status !== 'done' && status !== 'failed'; i++) {
      status = (JSON.parse((await author.get(`/vurderinger/${id}/status`)).text) as { status: string })
        .status;
      if (status !== 'done') await sleep(250);
    }
    expect(status).toBe('done');
  });

  it('an idle keep-alive connection does not hold up the exit', async () => {
    server = await spawnServer(env());
    // fetch keeps its connection open after the answer: the server must close it itself.
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
    const stopAsked = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopAsked).toBeLessThan(10_000);
  });

  it('a page polling on a kept-alive connection does not keep the stopping server alive', async () => {
    server = await spawnServer(env());
    const port = server.port;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<number>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: '/health', agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          })
          .on('error', reject);
      });
    expect(await get()).toBe(200);
    // A request in flight on the kept-alive connection when SIGTERM comes (its body still arriving)…
    const body = 'email=a%40b.dk&password=' + 'x'.repeat(2000);
    const slow = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/log-ind',
      agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length },
    });
    const answered = new Promise<void>((resolve, reject) => {
      slow.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      slow.on('error', reject);
    });
    slow.write(body.slice(0, 100));
    await sleep(300);
    const stopAsked = Date.now();
    server.child.kill('SIGTERM');
    await sleep(300);
    slow.end(body.slice(100));
    await answered;
    // …then the page goes on polling every 200 ms: on that connection it would be served for ever.
    let answeredAfter = 0;
    const poller = (async () => {
      for (;;) {
        await sleep(200);
        try {
          await get();
          answeredAfter++;
        } catch {
          return;
        }
      }
    })();
    const how = await server.exited;
    await poller;
    agent.destroy();
    expect(how).toEqual({ code: 0, signal: null });
    expect(answeredAfter).toBe(0);
    expect(Date.now() - stopAsked).toBeLessThan(10_000);
  });
});
