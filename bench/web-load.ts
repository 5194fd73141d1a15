import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { projectRoot } from '../src/project-root';
import { errorsOn, HttpSession, type Reply } from './live-server';
import { emit, machineTicks, type Goal } from './report';

/**
 * Page loads of one user walking the questionnaire, alone and while another user's 100+ page PDF is being
 * processed: the real server (dist/src/server.js) on a fresh SQLite database with one worker thread,
 * autocannon at a fixed rate against the questionnaire pages, the server's memory sampled from /proc.
 * Prints a markdown section (and writes it with --out FILE). Never fails on speed: only on errors.
 *
 *   node dist/bench/web-load.js [--quick] [--out FILE] [--rate 200] [--connections 10] [--duration 15]
 *                               [--uploaders 2] [--server-env KEY=VALUE]…
 */
const ROOT = projectRoot();
const CACHE = path.join(ROOT, 'bench', '.cache');
/** The PDF bench/pipeline-vs-pdftotext.ts makes (and caches) from a corpus act: 100+ pages. */
const BIG_PDF = path.join(CACHE, '2020_477.pdf');
const SAMPLE = path.join(ROOT, 'samples', 'lovforslag-aendring.docx');
const HEADING = '## Page loads while a 100+ page PDF is processed';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
  return v;
}

function numberArg(name: string, fallback: number): number {
  const v = argValue(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}: not a positive number: ${v}`);
  return n;
}

/** Every `--server-env KEY=VALUE`: more settings for the server (e.g. NODE_ENV=production, WORKERS=2). */
function serverEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  process.argv.forEach((a, i) => {
    if (a !== '--server-env') return;
    const [, key, value] = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(process.argv[i + 1] ?? '') ?? [];
    if (key === undefined || value === undefined) throw new Error('--server-env needs KEY=VALUE');
    out[key] = value;
  });
  return out;
}

const quick = process.argv.includes('--quick');
/** The server's settings besides DATA_DIR, PORT, HOST and LOG_LEVEL. */
// UPLOAD_LIMIT: user A uploads a hundred PDFs or more in a few minutes, past the per-hour quota of a real user.
const SERVER_SETTINGS: Record<string, string> = {
  WORKERS: '1',
  MAX_UPLOAD_MB: '50',
  UPLOAD_LIMIT: '100000',
  ...serverEnv(),
};
const OUT = argValue('--out');
const RATE = numberArg('--rate', 200);
const CONNECTIONS = numberArg('--connections', 10);
const DURATION_S = numberArg('--duration', quick ? 5 : 15);
const WARMUP_S = quick ? 2 : 5;
const UPLOADERS = numberArg('--uploaders', 2);
const GOAL_P99_MS = 50;
const RSS_EVERY_MS = 250;
const STATUS_EVERY_MS = 500;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---------- the 100+ page PDF ----------

function pdfPages(pdf: string): number | undefined {
  const r = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  const m = /Pages:\s+(\d+)/.exec(r.stdout);
  return m ? Number(m[1]) : undefined;
}

/** The PDF of bench/pipeline-vs-pdftotext.ts: made by that bench (once, then cached in bench/.cache). */
function bigPdf(): { file: string; pages: number | undefined; bytes: Buffer } {
  if (!existsSync(BIG_PDF)) {
    process.stderr.write(`${BIG_PDF} is missing: running the pipeline bench (--quick) once to make it…\n`);
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'dist', 'bench', 'pipeline-vs-pdftotext.js'), '--quick'],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 900_000 },
    );
    if (r.error) throw r.error;
  }
  if (!existsSync(BIG_PDF))
    throw new Error(
      `No benchmark PDF at ${BIG_PDF}: it needs the corpus act and LibreOffice (soffice), see bench/pipeline-vs-pdftotext.ts.`,
    );
  const pages = pdfPages(BIG_PDF);
  if (pages !== undefined && pages < 100) throw new Error(`${BIG_PDF} has only ${pages} pages`);
  return { file: BIG_PDF, pages, bytes: readFileSync(BIG_PDF) };
}

// ---------- the server ----------

interface ProcessedEvent {
  ms: number;
  pages: number;
}

interface Server {
  base: string;
  pid: number;
  /** "document processed" log lines (pino, level info): how long, how many pages. */
  processed: ProcessedEvent[];
  stderr: string[];
  stop(): Promise<void>;
}

async function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'server.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      // info, not silent: the only info lines are per document ("document processed", with ms and pages).
      LOG_LEVEL: 'info',
      ...SERVER_SETTINGS,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the server could not be started');
  const processed: ProcessedEvent[] = [];
  const stderr: string[] = [];
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = `exit code ${code ?? '-'}, signal ${signal ?? '-'}`;
      resolve();
    }),
  );
  createInterface({ input: child.stderr }).on('line', (l) => {
    stderr.push(l);
    if (stderr.length > 50) stderr.shift();
  });
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 30 s')), 30_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const url = /kører på (http:\/\/[^/\s]+)\//.exec(line);
      if (url?.[1]) {
        clearTimeout(timer);
        resolve(url[1]);
        return;
      }
      if (!line.startsWith('{')) return;
      try {
        const e = JSON.parse(line) as { msg?: string; ms?: number; pages?: number };
        if (e.msg === 'document processed' && typeof e.ms === 'number')
          processed.push({ ms: e.ms, pages: e.pages ?? 0 });
        else if (e.msg && e.msg !== 'document processed' && /fail|error/i.test(e.msg))
          stderr.push(`log: ${line}`);
      } catch {
        // not a log line
      }
    });
    void exit.then(() =>
      reject(new Error(`the server stopped (${exited}) before listening:\n${stderr.join('\n')}`)),
    );
  });
  return {
    base,
    pid,
    processed,
    stderr,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

// ---------- a browser-like session: cookies, CSRF token, no redirects followed ----------

/** The load test's users: a browser-like session (bench/live-server.ts) that names who it is in its errors. */
class Browser extends HttpSession {
  constructor(
    base: string,
    readonly who: string,
  ) {
    super(base);
  }

  /** The CSRF token of the form on a page. */
  async csrf(url: string): Promise<string> {
    return (await this.form(url)).csrf;
  }

  /** A form post that must redirect (303, unless told), with the page's CSRF token; returns the redirect. */
  async post(url: string, fields: Record<string, string>, formPage = url, status = 303): Promise<Reply> {
    try {
      return await this.submit(url, fields, formPage, status);
    } catch (e) {
      throw new Error(`${this.who}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
}

function assessmentId(location: string): string {
  const id = /\/vurderinger\/([0-9a-f-]{36})\//.exec(location)?.[1];
  if (!id) throw new Error(`no assessment id in the redirect to "${location}"`);
  return id;
}

async function createAssessment(b: Browser, title: string): Promise<string> {
  const r = await b.post(
    '/vurderinger/ny',
    { title, authority: 'Benchmarkministeriet', caseNumber: '', rulesetId: 'dk-lovforslag', mode: 'a' },
    '/vurderinger/ny',
  );
  return assessmentId(r.location);
}

/** Uploads a file as the assessment's next document; returns when the server has stored it. */
async function upload(b: Browser, id: string, file: { name: string; type: string; bytes: Buffer }) {
  const page = (await b.get(`/vurderinger/${id}/dokument`)).text;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  const version = /name="version" value="(\d+)"/.exec(page)?.[1];
  if (!csrf || !version) throw new Error(`${b.who}: no CSRF token or version on the upload page`);
  const form = new FormData();
  form.append('_csrf', csrf);
  form.append('version', version);
  form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
  const r = await b.request('POST', `/vurderinger/${id}/dokument`, form);
  if (r.status !== 303)
    throw new Error(`${b.who}: upload of ${file.name} answered ${r.status}: ${errorsOn(r.text)}`);
}

/** Polls the status JSON (as the processing page does) until the document is done or failed. */
async function waitProcessed(b: Browser, id: string, timeoutMs: number): Promise<'done' | 'failed'> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = JSON.parse((await b.get(`/vurderinger/${id}/status`)).text) as { status: string };
    if (s.status === 'done' || s.status === 'failed') return s.status;
    if (Date.now() > until) throw new Error(`${b.who}: document of ${id} not processed in ${timeoutMs} ms`);
    await sleep(STATUS_EVERY_MS);
  }
}

// ---------- the two users and the questionnaire to walk ----------

const PASSWORD = 'benchmark-adgangskode-1';

async function setUp(base: string): Promise<{ a: Browser; b: Browser; urls: string[] }> {
  const a = new Browser(base, 'user A');
  await a.post(
    '/opsaetning',
    {
      organisation: 'Benchmarkministeriet',
      kind: 'ministry',
      name: 'Anna Admin',
      email: 'anna@bench.example',
      password: PASSWORD,
      password2: PASSWORD,
    },
    '/opsaetning',
  );
  // User B: a second user of the organisation, invited by A, with a session of their own.
  const invited = await a.post(
    '/brugere',
    { name: 'Bo Bruger', email: 'bo@bench.example', role: 'author' },
    '/brugere',
    201,
  );
  const link = /id="invitation-link">[^<]*?(\/invitation\/[A-Za-z0-9_-]+)</.exec(invited.text)?.[1];
  if (!link) throw new Error('no invitation link on the users page');
  const b = new Browser(base, 'user B');
  await b.post(link, { name: 'Bo Bruger', password: PASSWORD, password2: PASSWORD });

  // B's assessment: the small sample, processed, stage 1 confirmed, a few stage-2 questions answered.
  const id = await createAssessment(b, 'Benchmark: spørgeskemaet');
  await upload(b, id, {
    name: path.basename(SAMPLE),
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    bytes: readFileSync(SAMPLE),
  });
  if ((await waitProcessed(b, id, 120_000)) !== 'done') throw new Error('the sample document failed');
  const at = `/vurderinger/${id}`;
  const stage1 = (await b.get(`${at}/trin-1`)).text;
  const fields: Record<string, string> = { version: /name="version" value="(\d+)"/.exec(stage1)?.[1] ?? '' };
  const questions = new Set(
    [...stage1.matchAll(/type="radio" id="[^"]*" name="(value-[^"]+)"/g)].map((m) => m[1]),
  );
  for (const name of questions) {
    if (!name) continue;
    const checked = new RegExp(`name="${name}" value="(yes|no|unknown)" checked`).exec(stage1)?.[1];
    const value = checked ?? 'unknown';
    fields[name] = value;
    if (value !== 'yes') fields[`note-${name.slice('value-'.length)}`] = 'Benchmark: afventer fagkontoret.';
  }
  if (Object.keys(fields).length < 2) throw new Error('no stage-1 questions on the page');
  let next = (await b.post(`${at}/trin-1`, fields)).location;
  const urls = [`${at}/trin-1`];
  // Answer up to three stage-2 questions ("not affected"), so several stage-2 pages can be walked.
  for (let i = 0; i < 3 && next.includes('/trin-2/'); i++) {
    urls.push(next);
    const page = (await b.get(next)).text;
    const version = /name="version" value="(\d+)"/.exec(page)?.[1] ?? '';
    next = (await b.post(next, { version, affected: 'no', goto: 'next' })).location;
  }
  if (next.includes('/trin-2/')) urls.push(next);
  urls.push(`${at}/tjek`, `${at}/overblik`);
  for (const u of urls) await b.get(u); // every page answers 200 before it is measured
  return { a, b, urls };
}

// ---------- measuring ----------

/** CPU time in clock ticks (100 a second on Linux) of a process and its waited-for children (pdftotext). */
function processTicks(pid: number | 'self'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [11, 12, 13, 14].reduce((sum, i) => sum + Number(f[i]), 0);
  } catch {
    return NaN;
  }
}

/**
 * Resident memory of the server process (main thread and workers), sampled; and CPU over the phase, in % of
 * one core: the server's, this process's (autocannon and the uploads), and everything else on the machine.
 */
class ProcSampler {
  readonly rssKb: number[] = [];
  /** Nice values seen (thread id → nice) of the server's threads, and of the pdftotext it runs (pid → nice). */
  readonly threadNice = new Map<string, number>();
  readonly pdftotextNice = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private t0 = 0;
  private ticks0 = { server: 0, self: 0, machine: 0 };
  cpu = { server: NaN, self: NaN, others: NaN };

  constructor(private readonly pid: number) {}

  private rss(): number | undefined {
    try {
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  private ticks() {
    return { server: processTicks(this.pid), self: processTicks('self'), machine: machineTicks() };
  }

  /** The worker thread lowers its own priority (nice 10) and pdftotext inherits it: check it on the real server. */
  private priorities(): void {
    const nice = (stat: string): { ppid: number; nice: number } => {
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return { ppid: Number(f[1]), nice: Number(f[16]) };
    };
    try {
      for (const tid of readdirSync(`/proc/${this.pid}/task`))
        this.threadNice.set(tid, nice(readFileSync(`/proc/${this.pid}/task/${tid}/stat`, 'utf8')).nice);
      for (const pid of readdirSync('/proc')) {
        if (!/^\d+$/.test(pid)) continue;
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          if (!stat.includes('(pdftotext)')) continue;
          const p = nice(stat);
          if (p.ppid === this.pid) this.pdftotextNice.set(pid, p.nice);
        } catch {
          // ended meanwhile
        }
      }
    } catch {
      // not Linux
    }
  }

  start(): void {
    this.ticks0 = this.ticks();
    this.t0 = performance.now();
    const sample = (): void => {
      const kb = this.rss();
      if (kb !== undefined) this.rssKb.push(kb);
      this.priorities();
    };
    sample();
    this.timer = setInterval(sample, RSS_EVERY_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    const t = this.ticks();
    const percent = (ticks: number): number => (ticks / ((performance.now() - this.t0) / 1000) / 100) * 100;
    const server = percent(t.server - this.ticks0.server);
    const self = percent(t.self - this.ticks0.self);
    this.cpu = {
      server,
      self,
      others: Math.max(0, percent(t.machine - this.ticks0.machine) - server - self),
    };
  }
}

interface PhaseResult {
  result: autocannon.Result;
  /** Raw latency of every response, per page (index into the URL list). */
  perUrl: number[][];
  rss: ProcSampler;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/**
 * autocannon at a fixed overall rate, cycling through the pages with B's cookie. Its built-in coordinated
 * omission correction is off: autocannon 9 fills in samples every Math.ceil(1 / rate) = 1 ms (not every
 * 1000 / rate ms), which turns every slow response into hundreds of made-up ones.
 */
async function load(server: Server, b: Browser, urls: string[], seconds: number): Promise<PhaseResult> {
  const sampler = new ProcSampler(server.pid);
  const perUrl: number[][] = urls.map(() => []);
  const seen = new Map<object, { offset: number; n: number }>();
  const cookie = b.cookieHeader();
  const requests = (offset: number) =>
    urls.map((_, i) => ({
      method: 'GET' as const,
      path: urls[(offset + i) % urls.length] ?? '/',
      headers: { cookie },
    }));
  let finish: (r: autocannon.Result) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: server.base,
      connections: CONNECTIONS,
      overallRate: RATE,
      duration: seconds,
      headers: { cookie },
      requests: requests(0),
      // Connection k starts at page k: not every connection on the same page at the same moment.
      setupClient: (client) => {
        const offset = seen.size % urls.length;
        seen.set(client, { offset, n: 0 });
        client.setRequests(requests(offset));
      },
      ignoreCoordinatedOmission: true,
    },
    (err: unknown, result) =>
      err ? fail(err instanceof Error ? err : new Error(String(err))) : finish(result),
  );
  // Each connection sends its pages in order, one at a time: its n-th response is for page offset + n.
  instance.on('response', (client, status, _bytes, time) => {
    const c = seen.get(client);
    if (!c) return;
    const page = (c.offset + c.n++) % urls.length;
    if (status >= 200 && status < 300) perUrl[page]?.push(time);
  });
  sampler.start();
  const result = await done;
  sampler.stop();
  return { result, perUrl: perUrl.map((l) => l.sort((x, y) => x - y)), rss: sampler };
}

/** Latencies of an evenly paced run: sorted, and per page. */
interface PacedResult {
  all: number[];
  perUrl: number[][];
  failed: number;
  sent: number;
  seconds: number;
}

/**
 * Open model: one request every 1000 / RATE ms whatever the server does, latency measured from the moment each
 * request was due (so a server that falls behind is charged for it). This is "200 requests a second" as arrivals,
 * where autocannon's rate limit sends bursts.
 */
async function paced(server: Server, b: Browser, urls: string[], seconds: number): Promise<PacedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(server.base);
  const cookie = b.cookieHeader();
  const interval = 1000 / RATE;
  const n = Math.round(seconds * RATE);
  const all: number[] = [];
  const perUrl: number[][] = urls.map(() => []);
  let failed = 0;
  const inflight: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait);
    const page = i % urls.length;
    inflight.push(
      new Promise<void>((resolve) => {
        const req = http.get(
          { host: target.hostname, port: target.port, path: urls[page], headers: { cookie }, agent },
          (res) => {
            res.resume();
            res.on('end', () => {
              const t = performance.now() - due;
              if (res.statusCode && res.statusCode >= 200 && res.statusCode < 300) {
                all.push(t);
                perUrl[page]?.push(t);
              } else failed++;
              resolve();
            });
          },
        );
        req.on('error', () => {
          failed++;
          resolve();
        });
      }),
    );
  }
  await Promise.all(inflight);
  const took = (performance.now() - t0) / 1000;
  agent.destroy();
  const sort = (l: number[]): number[] => l.sort((x, y) => x - y);
  return { all: sort(all), perUrl: perUrl.map(sort), failed, sent: n, seconds: took };
}

interface UploadRecord {
  start: number;
  end: number;
  status: 'done' | 'failed';
}

/**
 * User A uploads the big PDF again and again (a new assessment each time), `parallel` at a time, each
 * waiting for its document to be processed, until `stop()`; with one worker thread the next one is always
 * queued, so a document is being processed all the time.
 */
function uploader(a: Browser, pdf: { bytes: Buffer }, parallel: number) {
  const records: UploadRecord[] = [];
  let stopping = false;
  let n = 0;
  let firstStored: () => void = () => undefined;
  const stored = new Promise<void>((r) => (firstStored = r));
  const loop = async (): Promise<void> => {
    while (!stopping) {
      const id = await createAssessment(a, `Benchmark: stor PDF ${++n}`);
      const start = performance.now();
      await upload(a, id, { name: '2020_477.pdf', type: 'application/pdf', bytes: pdf.bytes });
      firstStored();
      const status = await waitProcessed(a, id, 600_000);
      records.push({ start, end: performance.now(), status });
    }
  };
  const loops = Array.from({ length: parallel }, () => loop());
  return {
    records,
    stored,
    loops: Promise.all(loops),
    stop(): void {
      stopping = true;
    },
  };
}

/** How much of [from, to] had at least one upload not yet processed (as user A saw it). */
function coverage(records: UploadRecord[], from: number, to: number): number {
  const spans = records
    .map((r) => [Math.max(r.start, from), Math.min(r.end, to)] as const)
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let end = from;
  for (const [s, e] of spans) {
    if (e <= end) continue;
    covered += e - Math.max(s, end);
    end = e;
  }
  return covered / (to - from);
}

/** The load run again while user A's uploads keep the worker busy; then waits for the uploads in flight. */
async function underUpload(server: Server, a: Browser, b: Browser, urls: string[], pdf: { bytes: Buffer }) {
  const up = uploader(a, pdf, UPLOADERS);
  // The loops end only on stop() or on an error: resolve with the error instead of rejecting.
  const ended = up.loops.then(
    () => undefined,
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );
  const early = await Promise.race([up.stored.then(() => undefined), ended]);
  if (early) throw early;
  const eventsBefore = server.processed.length;
  const from = performance.now();
  const phase = await load(server, b, urls, DURATION_S);
  process.stderr.write(`Under upload, evenly paced: ${DURATION_S} s…\n`);
  const pacedPhase = await paced(server, b, urls, DURATION_S);
  const to = performance.now();
  up.stop();
  process.stderr.write('Waiting for the uploads still being processed…\n');
  const err = await ended;
  if (err) throw err;
  const times = up.records.map((r) => r.end - r.start).sort((x, y) => x - y);
  const logged = server.processed.slice(eventsBefore).filter((e) => e.pages >= 100);
  return {
    phase,
    pacedPhase,
    uploads: up.records.length,
    failed: up.records.filter((r) => r.status === 'failed').length,
    finishedInWindow: up.records.filter((r) => r.end >= from && r.end <= to).length,
    coverage: coverage(up.records, from, to),
    /** Upload → processed, as user A saw it (queue included). */
    times,
    /** The server's own time per document, from its log (queue included). */
    serverMs: logged.map((e) => e.ms).sort((x, y) => x - y),
    pages: logged[0]?.pages,
  };
}

// ---------- report ----------

const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(v < 10 ? 1 : 0) : 'n/a');
const mib = (kb: number): string => (Number.isFinite(kb) ? (kb / 1024).toFixed(0) : 'n/a');
const mean = (xs: number[]): number => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);

function summary(p: PhaseResult) {
  const r = p.result;
  return {
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    mean: r.latency.mean,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    rate: r['2xx'] / r.duration,
    answered: r['2xx'] + r.non2xx,
    rssMax: Math.max(...p.rss.rssKb),
    rssMean: mean(p.rss.rssKb),
    cpu: p.rss.cpu,
  };
}

function pageName(url: string): string {
  return url.replace(/^\/vurderinger\/[0-9a-f-]{36}\//, '/…/');
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'} (${cpus.length} cores), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function report(
  urls: string[],
  pdf: { file: string; pages: number | undefined; bytes: Buffer },
  base: PhaseResult,
  busy: Awaited<ReturnType<typeof underUpload>>,
  basePaced: PacedResult,
): { text: string; goals: Goal[] } {
  const s0 = summary(base);
  const s1 = summary(busy.phase);
  const ratio = (x: number, y: number): string => (y > 0 ? `${(x / y).toFixed(2)}×` : 'n/a');
  const row = (what: string, x: string, y: string, r = ''): string => `| ${what} | ${x} | ${y} | ${r} |`;
  const met = s1.p99 < GOAL_P99_MS && s1.non2xx === 0 && s1.errors === 0;
  const q0 = basePaced;
  const q1 = busy.pacedPhase;
  const metPaced = percentile(q1.all, 99) < GOAL_P99_MS && q1.failed === 0;
  const asked = RATE * DURATION_S;
  const settings = Object.entries(SERVER_SETTINGS)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const { times, serverMs } = busy;
  const lines = [
    HEADING,
    '',
    `Generated by \`node dist/bench/web-load.js${quick ? ' --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine()}; the load generator runs on the same machine.`,
    '',
    `The real server (\`node dist/src/server.js\`, SQLite in a fresh temporary DATA_DIR, ${settings}). ` +
      `User B (an invited author, own session) walks the questionnaire of a processed sample (\`${path.relative(ROOT, SAMPLE)}\`): ` +
      `autocannon, ${CONNECTIONS} connections, overallRate ${RATE} req/s, ${DURATION_S} s per phase after a ${WARMUP_S} s warm-up, ` +
      `each connection cycling through the ${urls.length} pages from a page of its own (${urls.map(pageName).join(', ')}). ` +
      `Under upload: user A (the admin) uploads \`${path.relative(ROOT, pdf.file)}\` (${pdf.pages ?? '?'} pages, ${(pdf.bytes.length / 1024).toFixed(0)} KiB) ` +
      `again and again, each time as a new assessment, ${UPLOADERS} at a time, each waiting for its document to be processed (status polled every ${STATUS_EVERY_MS} ms), ` +
      `so the worker always has a document. Latency: autocannon's over the 2xx responses, without its coordinated-omission fill-in (see the source). ` +
      `autocannon's rate limit lets each connection send its share of a second back to back, so up to ${CONNECTIONS} requests are in flight at once (latency ≈ connections × time per page), not ${RATE} evenly spaced arrivals a second. ` +
      `Server memory: VmRSS of the server process (main thread and worker), every ${RSS_EVERY_MS} ms; CPU from /proc (other processes: the machine's busy time less the server and the load generator; above a few % they disturb the figures).`,
    '',
    '| | baseline | under upload | ratio |',
    '|---|---:|---:|---:|',
    row('p50 latency, ms', ms(s0.p50), ms(s1.p50), ratio(s1.p50, s0.p50)),
    row('p90 latency, ms', ms(s0.p90), ms(s1.p90), ratio(s1.p90, s0.p90)),
    row('**p99 latency, ms**', `**${ms(s0.p99)}**`, `**${ms(s1.p99)}**`, `**${ratio(s1.p99, s0.p99)}**`),
    row('max latency, ms', ms(s0.max), ms(s1.max), ratio(s1.max, s0.max)),
    row('mean latency, ms', ms(s0.mean), ms(s1.mean), ratio(s1.mean, s0.mean)),
    row('responses (asked: rate × duration)', `${s0.answered} (${asked})`, `${s1.answered} (${asked})`),
    row('req/s achieved (2xx)', s0.rate.toFixed(1), s1.rate.toFixed(1), ratio(s1.rate, s0.rate)),
    row('non-2xx responses', String(s0.non2xx), String(s1.non2xx)),
    row('connection errors and timeouts', String(s0.errors), String(s1.errors)),
    row('server RSS max, MiB', mib(s0.rssMax), mib(s1.rssMax), ratio(s1.rssMax, s0.rssMax)),
    row('server RSS mean, MiB', mib(s0.rssMean), mib(s1.rssMean), ratio(s1.rssMean, s0.rssMean)),
    row(
      'server CPU (all threads, pdftotext), % of one core',
      s0.cpu.server.toFixed(0),
      s1.cpu.server.toFixed(0),
    ),
    row('load generator CPU (this process), % of one core', s0.cpu.self.toFixed(0), s1.cpu.self.toFixed(0)),
    row('other processes on the machine, % of one core', s0.cpu.others.toFixed(0), s1.cpu.others.toFixed(0)),
    row('PDFs processed in the window', '–', String(busy.finishedInWindow)),
    row('window with a PDF being processed', '–', `${(busy.coverage * 100).toFixed(0)} %`),
    '',
    `PDFs uploaded under load: ${busy.uploads} (${busy.failed} failed), ${busy.pages ?? '?'} pages each. ` +
      `Upload → processed, as user A saw it: median ${ms(percentile(times, 50))} ms (min ${ms(times[0] ?? NaN)}, max ${ms(times[times.length - 1] ?? NaN)}); ` +
      `the server's own time per document (its log): median ${ms(percentile(serverMs, 50))} ms (min ${ms(serverMs[0] ?? NaN)}, max ${ms(serverMs[serverMs.length - 1] ?? NaN)}). ` +
      `Both include waiting in the queue for the worker.`,
    '',
    'Per page (raw latency of each 2xx response, ms):',
    '',
    '| page | baseline p50 | baseline p99 | under upload p50 | under upload p99 | under upload max |',
    '|---|---:|---:|---:|---:|---:|',
    ...urls.map((u, i) => {
      const x = base.perUrl[i] ?? [];
      const y = busy.phase.perUrl[i] ?? [];
      return `| ${pageName(u)} | ${ms(percentile(x, 50))} | ${ms(percentile(x, 99))} | ${ms(percentile(y, 50))} | ${ms(percentile(y, 99))} | ${ms(y[y.length - 1] ?? NaN)} |`;
    }),
    '',
    `Evenly paced arrivals (open model: one request every ${ms(1000 / RATE)} ms whatever the server does, latency from the moment each was due, ` +
      `the same pages in turn, ${DURATION_S} s; the under-upload run follows the autocannon run while the uploads go on):`,
    '',
    '| | baseline | under upload | ratio |',
    '|---|---:|---:|---:|',
    row(
      'p50 latency, ms',
      ms(percentile(q0.all, 50)),
      ms(percentile(q1.all, 50)),
      ratio(percentile(q1.all, 50), percentile(q0.all, 50)),
    ),
    row(
      'p90 latency, ms',
      ms(percentile(q0.all, 90)),
      ms(percentile(q1.all, 90)),
      ratio(percentile(q1.all, 90), percentile(q0.all, 90)),
    ),
    row(
      '**p99 latency, ms**',
      `**${ms(percentile(q0.all, 99))}**`,
      `**${ms(percentile(q1.all, 99))}**`,
      `**${ratio(percentile(q1.all, 99), percentile(q0.all, 99))}**`,
    ),
    row('max latency, ms', ms(q0.all[q0.all.length - 1] ?? NaN), ms(q1.all[q1.all.length - 1] ?? NaN)),
    row(
      'requests sent / answered 2xx / failed',
      `${q0.sent} / ${q0.all.length} / ${q0.failed}`,
      `${q1.sent} / ${q1.all.length} / ${q1.failed}`,
    ),
    row(
      'req/s achieved (2xx)',
      (q0.all.length / q0.seconds).toFixed(1),
      (q1.all.length / q1.seconds).toFixed(1),
    ),
    '',
    priorityLine(busy.phase.rss),
    '',
    `Goal: p99 < ${GOAL_P99_MS} ms at ${RATE} req/s while the PDF is processed, with no failed request — ` +
      `evenly paced arrivals: **${metPaced ? 'met' : 'not met'}** (p99 ${ms(percentile(q1.all, 99))} ms under upload, ${ms(percentile(q0.all, 99))} ms without); ` +
      `autocannon bursts of ${CONNECTIONS} connections: **${met ? 'met' : 'not met'}** (p99 ${ms(s1.p99)} ms under upload, ${ms(s0.p99)} ms without: ${ratio(s1.p99, s0.p99)}).`,
  ];
  // Why a miss happens, from what was measured: two cores shared by the server, the load generator and others.
  const why = (p99Base: number, failed: number): string =>
    failed > 0
      ? `${failed} requests failed`
      : `${ms(p99Base)} ms without the upload; under it the 2 cores carried the server at ${s1.cpu.server.toFixed(0)} % of one core ` +
        `(main thread, worker and pdftotext, those two at a lower priority), the load generator at ${s1.cpu.self.toFixed(0)} % and other processes at ${s1.cpu.others.toFixed(0)} %`;
  const goals: Goal[] = [
    {
      what: `page p99 at ${RATE} req/s evenly paced while 100+ page PDFs are processed`,
      goal: `< ${GOAL_P99_MS} ms`,
      figure: `${percentile(q1.all, 99).toFixed(1)} ms (${ms(percentile(q0.all, 99))} ms without the upload: ${ratio(percentile(q1.all, 99), percentile(q0.all, 99))})`,
      met: metPaced,
      by: `${(percentile(q1.all, 99) - GOAL_P99_MS).toFixed(1)} ms`,
      why: why(percentile(q0.all, 99), q1.failed),
    },
    {
      what: `page p99 at ${RATE} req/s in autocannon bursts (${CONNECTIONS} connections) while 100+ page PDFs are processed`,
      goal: `< ${GOAL_P99_MS} ms`,
      figure: `${ms(s1.p99)} ms (${ms(s0.p99)} ms without the upload: ${ratio(s1.p99, s0.p99)}); server RSS max ${mib(s1.rssMax)} MiB (${mib(s0.rssMax)} MiB without)`,
      met,
      // autocannon's percentiles are whole ms: at exactly the limit the miss is 0 ms.
      by: s1.p99 === GOAL_P99_MS ? '0 ms (exactly at the limit)' : `${ms(s1.p99 - GOAL_P99_MS)} ms`,
      why: why(s0.p99, s1.non2xx + s1.errors),
    },
  ];
  return { text: `${lines.join('\n')}\n`, goals };
}

/** What the priority check saw: nice values of the server's threads and of the pdftotext it ran. */
function priorityLine(sampler: ProcSampler): string {
  const count = (m: Map<string, number>): string => {
    const by = new Map<number, number>();
    for (const n of m.values()) by.set(n, (by.get(n) ?? 0) + 1);
    return (
      [...by]
        .sort((x, y) => x[0] - y[0])
        .map(([n, c]) => `${c} at nice ${n}`)
        .join(', ') || 'none seen'
    );
  };
  return (
    `Priorities under upload (read from /proc every ${RSS_EVERY_MS} ms): server threads ${count(sampler.threadNice)} ` +
    `(the document worker lowers its own thread with os.setPriority, which on Linux is per thread); pdftotext processes ${count(sampler.pdftotextNice)} (inherited from the worker thread). ` +
    `Other threads (V8's garbage-collection helpers, libuv's pool) serve the main thread and the worker alike and stay at 0. Nice ranks threads within this session only: with autogrouping (Linux's default) other sessions' processes share the cores as equals, so they weigh on the figures as the "other processes" row shows.`
  );
}

async function main(): Promise<void> {
  process.stderr.write(`Machine: ${machine()}\n`);
  if (!existsSync(path.join(ROOT, 'dist', 'src', 'server.js')))
    throw new Error('dist/src/server.js is missing: run "npm run build" first');
  const pdf = bigPdf();
  process.stderr.write(
    `PDF: ${path.relative(ROOT, pdf.file)}, ${pdf.pages ?? '?'} pages (pdfinfo), ${(pdf.bytes.length / 1024).toFixed(0)} KiB\n`,
  );
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'relationstjek-web-load-'));
  let server: Server | undefined;
  try {
    server = await startServer(dataDir);
    process.stderr.write(`Server: ${server.base} (pid ${server.pid}, data ${dataDir})\n`);
    const { a, b, urls } = await setUp(server.base);
    process.stderr.write(`User B walks ${urls.length} pages: ${urls.map(pageName).join(', ')}\n`);
    process.stderr.write(`Warm-up: ${WARMUP_S} s…\n`);
    await load(server, b, urls, WARMUP_S);
    process.stderr.write(`Baseline: ${DURATION_S} s at ${RATE} req/s…\n`);
    const base = await load(server, b, urls, DURATION_S);
    process.stderr.write(`Baseline, evenly paced: ${DURATION_S} s at ${RATE} req/s…\n`);
    const basePaced = await paced(server, b, urls, DURATION_S);
    process.stderr.write(`Under upload: ${DURATION_S} s, user A uploads the PDF, ${UPLOADERS} at a time…\n`);
    const busy = await underUpload(server, a, b, urls, pdf);
    const { text: section, goals } = report(urls, pdf, base, busy, basePaced);
    if (process.argv.includes('--json')) {
      // For run-all's report: the machine is stated once at its top, the goals at its end.
      const lines = section.trimEnd().split('\n').slice(1);
      while (lines[0] === '' || lines[0]?.startsWith('Generated by')) lines.shift();
      const goalAt = lines.findIndex((l) => l.startsWith('Goal: p99'));
      emit({
        title: HEADING.replace(/^## /, ''),
        lines: goalAt >= 0 ? lines.slice(0, goalAt) : lines,
        goals,
      });
    } else process.stdout.write(section);
    if (OUT) writeSection(OUT, section);
  } finally {
    if (server) {
      await server.stop();
      if (server.stderr.length)
        process.stderr.write(`Server stderr (last lines):\n${server.stderr.join('\n')}\n`);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Writes the section to the file: replaces an earlier copy of it, or is appended to what is there. */
function writeSection(file: string, section: string): void {
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = before.indexOf(HEADING);
  let text: string;
  if (at >= 0) {
    const rest = before.slice(at + HEADING.length);
    const next = rest.search(/\n## /);
    text = before.slice(0, at) + section + (next >= 0 ? `\n${rest.slice(next + 1)}` : '');
  } else text = before ? `${before.trimEnd()}\n\n${section}` : section;
  writeFileSync(file, text);
}

main().catch((e: unknown) => {
  process.stderr.write(`web-load failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
