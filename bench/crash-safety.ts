import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import { projectRoot } from '../src/project-root';
import {
  errorsOn,
  HttpSession,
  newAssessment,
  setUpUsers,
  spawnServer,
  type LiveServer,
} from './live-server';

/**
 * Crash safety: the real server (dist/src/server.js) is killed with SIGKILL at random moments while a few clients
 * write through the real forms (stage-1 and stage-2 answers, uploads, sign-off moves). After every kill the
 * database is checked before the server is started again: every write the server acknowledged (303 to where a
 * saved form goes) must be there, no write refused as a conflict (409) may be, and the database must be whole
 * (SQLite: PRAGMA integrity_check on a read-only connection; both: consistency queries). Documents cut off
 * mid-processing must be taken up again after the restart and end done or failed, never stuck.
 *
 *   node dist/bench/crash-safety.js [--kills 100] [--db sqlite|postgres|both] [--seed N] [--verbose]
 *                                   [--inject-loss]   (must then fail: proves the checks see a lost write)
 *
 * Exits 1 if an acknowledged write is lost, a conflict write is stored, or a check fails.
 */
const ROOT = projectRoot();
const SAMPLE = path.join(ROOT, 'samples', 'lovforslag-ny-lov.txt');
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const PASSWORD = 'nedbrud-adgangskode-1';
/** Kill after this long (ms) of writing, at random in between. */
const KILL_AFTER = [50, 1500] as const;
/** How long documents cut off by the kills may take to finish after the last restart. */
const SETTLE_MS = 120_000;

// ---------- arguments ----------

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
  return v;
}

const KILLS = Number(argValue('--kills') ?? 100);
const DB_ARG = argValue('--db') ?? 'both';
const SEED = Number(argValue('--seed') ?? randomBytes(4).readUInt32BE(0));
const VERBOSE = process.argv.includes('--verbose');
/** Checks the checker: after the first kill, one acknowledged answer is deleted behind the server's back. */
const INJECT_LOSS = process.argv.includes('--inject-loss');
if (!Number.isSafeInteger(KILLS) || KILLS < 1) throw new Error('--kills: a whole number of at least 1');
if (!['sqlite', 'postgres', 'both'].includes(DB_ARG)) throw new Error('--db: sqlite, postgres or both');
if (!Number.isSafeInteger(SEED)) throw new Error('--seed: a whole number');

/** mulberry32: the same seed gives the same kill delays and client choices (timing still varies). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const log = (s: string): void => void (VERBOSE && process.stderr.write(`${s}\n`));

// ---------- what was written ----------

/** Write ids, unique within a run of one database. */
let nextWriteId = 1;

type Kind = 'stage1' | 'stage2' | 'upload' | 'signoff';
/** acked: a 303 to where a saved form goes; conflict: 409; cut: no answer (the kill); other: any other answer. */
type Outcome = 'pending' | 'acked' | 'conflict' | 'cut' | 'other';

interface Write {
  id: number;
  kind: Kind;
  client: string;
  assessment: string;
  round: number;
  /** The version the form was read at: an acknowledged write leaves the assessment at least one past it. */
  version: number;
  sentAt: number;
  doneAt: number;
  outcome: Outcome;
  status?: number;
  /** Answer keys written, each with the unique note that tells this write's value apart. */
  notes: Record<string, string>;
  upload?: { fileName: string; sha256: string; size: number };
  signOff?: { action: 'submit' | 'return'; to: 'in-review' | 'draft' };
}

/** The database as the checks need it, read the same way from SQLite and PostgreSQL. */
interface Snapshot {
  assessments: { id: string; version: number; status: string }[];
  answers: { assessment_id: string; key: string; value_json: string }[];
  history: { assessment_id: string; key: string; value_json: string; seq: number }[];
  documents: {
    id: string;
    assessment_id: string;
    number: number;
    file_name: string;
    sha256: string;
    size: number;
    status: string;
    original_sha256: string | null;
  }[];
  /** Rows whose parent is missing (what foreign keys forbid). */
  orphans: number;
  /** SQLite: PRAGMA integrity_check and foreign_key_check; PostgreSQL: 'n/a'. */
  integrity: string;
}

// ---------- the two databases ----------

interface Target {
  name: 'SQLite' | 'PostgreSQL';
  env: Record<string, string>;
  /** Waits until nothing of the killed server can still commit (PostgreSQL: its backends are gone). */
  quiesce(): Promise<void>;
  snapshot(): Promise<Snapshot>;
  /** --inject-loss: runs one statement behind the server's back. */
  execute(sql: string, params: string[]): Promise<void>;
  drop(): Promise<void>;
}

const SNAPSHOT_SQL = {
  assessments: 'select id, version, status from assessments',
  answers: 'select assessment_id, key, value_json from answers',
  history: 'select assessment_id, key, value_json, seq from answer_history',
  documents:
    'select id, assessment_id, number, file_name, sha256, size, status, original from document_versions',
  orphans: `select
      (select count(*) from answers a where not exists (select 1 from assessments s where s.id = a.assessment_id))
    + (select count(*) from answer_history h where not exists (select 1 from assessments s where s.id = h.assessment_id))
    + (select count(*) from document_versions d where not exists (select 1 from assessments s where s.id = d.assessment_id))
    + (select count(*) from assessments s where not exists (select 1 from organisations o where o.id = s.organisation_id))
    as n`,
};

type DocRow = Omit<Snapshot['documents'][number], 'original_sha256'> & { original: Buffer | null };

function toSnapshot(
  rows: {
    assessments: Snapshot['assessments'];
    answers: Snapshot['answers'];
    history: Snapshot['history'];
    documents: DocRow[];
  },
  orphans: number,
  integrity: string,
): Snapshot {
  return {
    assessments: rows.assessments.map((a) => ({ ...a, version: Number(a.version) })),
    answers: rows.answers,
    history: rows.history.map((h) => ({ ...h, seq: Number(h.seq) })),
    documents: rows.documents.map(({ original, ...d }) => ({
      ...d,
      number: Number(d.number),
      size: Number(d.size),
      original_sha256: original ? createHash('sha256').update(original).digest('hex') : null,
    })),
    orphans: Number(orphans),
    integrity,
  };
}

function sqliteTarget(): Target {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rt-crash-'));
  const file = path.join(dir, 'relationstjek.sqlite');
  return {
    name: 'SQLite',
    env: { DATA_DIR: dir, DATABASE_URL: '' },
    quiesce: async () => undefined,
    async snapshot() {
      // Read-only, as the kill left it: the WAL is read, nothing is written or checkpointed by the check.
      const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
      try {
        const all = <T>(sql: string) => db.prepare(sql).all() as T[];
        const check = db.pragma('integrity_check', { simple: true });
        const fk = db.pragma('foreign_key_check') as unknown[];
        const integrity = `${check === 'ok' ? 'ok' : String(check)}${fk.length ? `; foreign_key_check: ${fk.length} rows` : ''}`;
        return toSnapshot(
          {
            assessments: all(SNAPSHOT_SQL.assessments),
            answers: all(SNAPSHOT_SQL.answers),
            history: all(SNAPSHOT_SQL.history),
            documents: all(SNAPSHOT_SQL.documents),
          },
          (db.prepare(SNAPSHOT_SQL.orphans).get() as { n: number }).n,
          integrity,
        );
      } finally {
        db.close();
      }
    },
    async execute(sql, params) {
      const db = new BetterSqlite3(file, { fileMustExist: true });
      try {
        db.prepare(sql).run(...params);
      } finally {
        db.close();
      }
    },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresTarget(): Target {
  const schema = `rt_crash_${process.pid}_${randomBytes(3).toString('hex')}`;
  const app = `rt-crash-${process.pid}`;
  const url = new URL(PG_URL);
  url.searchParams.set('application_name', app);
  const connect = async (): Promise<Client> => {
    const c = new Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await c.connect();
    return c;
  };
  return {
    name: 'PostgreSQL',
    env: {
      DATABASE_URL: url.toString(),
      DATABASE_SCHEMA: schema,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'rt-crash-pg-')),
    },
    async quiesce() {
      // A COMMIT already sent by the killed server is still carried out: wait until its backends have ended.
      const c = new Client({ connectionString: PG_URL });
      await c.connect();
      try {
        for (let i = 0; i < 200; i++) {
          const r = await c.query<{ n: string }>(
            'select count(*) as n from pg_stat_activity where application_name = $1',
            [app],
          );
          if (Number(r.rows[0]?.n) === 0) return;
          await sleep(50);
        }
        throw new Error('the killed server’s PostgreSQL connections did not end in 10 s');
      } finally {
        await c.end();
      }
    },
    async snapshot() {
      const c = await connect();
      try {
        // One snapshot of the whole database, as of one moment.
        await c.query('begin transaction isolation level repeatable read read only');
        const q = async <T>(sql: string) => (await c.query(sql)).rows as T[];
        const snap = toSnapshot(
          {
            assessments: await q(SNAPSHOT_SQL.assessments),
            answers: await q(SNAPSHOT_SQL.answers),
            history: await q(SNAPSHOT_SQL.history),
            documents: await q(SNAPSHOT_SQL.documents),
          },
          Number((await q<{ n: string }>(SNAPSHOT_SQL.orphans))[0]?.n),
          'n/a (PostgreSQL: consistency queries only)',
        );
        await c.query('commit');
        return snap;
      } finally {
        await c.end();
      }
    },
    async execute(sql, params) {
      const c = await connect();
      try {
        await c.query(
          sql.replace(/\?/g, () => `$${params.length}`),
          params,
        );
      } finally {
        await c.end();
      }
    },
    async drop() {
      const c = new Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await c.end();
      }
      rmSync(this.env.DATA_DIR ?? '', { recursive: true, force: true });
    },
  };
}

// ---------- the scenario ----------

interface Scenario {
  admin: HttpSession;
  author: HttpSession;
  /** Stage-1 answers, by two users (they conflict with each other). */
  a: string;
  /** Stage-2 answers, by two users, to these questions. */
  b: string;
  questions: string[];
  /** Uploads. */
  c: string;
  /** Sign-off moves. */
  d: string;
}

const serverEnv = (t: Target): Record<string, string> => ({
  ...t.env,
  WORKERS: '1',
  LOG_LEVEL: 'warn',
  UPLOAD_LIMIT: '100000',
});

function checkedValues(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/name="(value-[a-z0-9-]+)" value="(yes|no|unknown)" checked/g))
    if (m[1] && m[2]) out[m[1]] = m[2];
  return out;
}

async function uploadFile(
  s: HttpSession,
  id: string,
  file: { name: string; bytes: Buffer },
): Promise<{ status: number; location: string; version: number; errors: string }> {
  const { csrf, version } = await s.form(`/vurderinger/${id}/dokument`);
  const form = new FormData();
  form.append('_csrf', csrf);
  form.append('version', version);
  form.append('file', new Blob([file.bytes], { type: 'text/plain' }), file.name);
  const r = await s.request('POST', `/vurderinger/${id}/dokument`, form);
  return { status: r.status, location: r.location, version: Number(version), errors: errorsOn(r.text) };
}

async function waitDone(s: HttpSession, id: string): Promise<string> {
  let last = '';
  for (let i = 0; i < 480; i++) {
    last = (await s.get(`/vurderinger/${id}/status`)).text;
    const st = (JSON.parse(last) as { status: string }).status;
    if (st === 'done' || st === 'failed') return st;
    await sleep(250);
  }
  throw new Error(`the document of ${id} was not processed in 2 minutes; last status: ${last}`);
}

/** First start: users, four assessments, processed documents, stage 1 answered on A and B, stage 2 on B. */
async function setUp(base: string, writes: Write[]): Promise<Scenario> {
  const { admin, author } = await setUpUsers(base, PASSWORD);
  const a = await newAssessment(author, 'Nedbrudstest A: trin 1');
  const b = await newAssessment(author, 'Nedbrudstest B: trin 2');
  const c = await newAssessment(author, 'Nedbrudstest C: dokumenter');
  const d = await newAssessment(author, 'Nedbrudstest D: godkendelse');
  const bytes = readFileSync(SAMPLE);
  for (const id of [a, b, c]) {
    const r = await uploadFile(author, id, { name: 'lovforslag-ny-lov.txt', bytes });
    if (r.status !== 303) throw new Error(`set-up upload answered ${r.status}: ${r.errors}`);
    if ((await waitDone(author, id)) !== 'done') throw new Error('the sample document failed');
  }
  // The set-up's saves are acknowledged writes too: they must survive like any other.
  const setupWrite = (kind: Kind, assessment: string, notes: Record<string, string>): void => {
    const t = performance.now();
    writes.push({
      id: nextWriteId++,
      kind,
      client: 'set-up',
      assessment,
      round: 0,
      version: 0,
      sentAt: t,
      doneAt: t,
      outcome: 'acked',
      notes,
    });
  };
  for (const id of [a, b]) {
    const page = await author.form(`/vurderinger/${id}/trin-1`);
    const values = checkedValues(page.text);
    const note = `Opsætning ${id.slice(0, 8)}`;
    const fields: Record<string, string> = { version: page.version, ...values };
    for (const v of Object.keys(values)) fields[`note-${v.slice('value-'.length)}`] = note;
    await author.submit(`/vurderinger/${id}/trin-1`, fields);
    setupWrite(
      'stage1',
      id,
      Object.fromEntries(Object.keys(values).map((v) => [`trigger:${v.slice('value-'.length)}`, note])),
    );
  }
  // Stage 2 on B: the first three questions answered "no", with a note.
  const questions: string[] = [];
  for (let i = 0; i < 3; i++) {
    // Stage 2 without a question leads to the first unanswered one.
    const r = await author.request('GET', `/vurderinger/${b}/trin-2`);
    const to = r.location;
    const qid = /\/trin-2\/([a-z0-9-]+)$/.exec(to)?.[1];
    if (!qid) break;
    const page = await author.form(to);
    const note = `Opsætning ${qid}`;
    await author.submit(to, { version: page.version, affected: 'no', note, goto: 'next' });
    setupWrite('stage2', b, { [`question:${qid}`]: note });
    questions.push(qid);
  }
  if (questions.length < 2) throw new Error(`only ${questions.length} stage-2 questions to write to`);
  return { admin, author, a, b, questions, c, d };
}

// ---------- the clients of one round ----------

interface Round {
  number: number;
  writes: Write[];
  nextId: () => number;
  stopped: () => boolean;
  random: () => number;
  /** Called when a write is sent: the kill's delay counts from the round's first (a restarted server warms up). */
  onSend: () => void;
}

/** A POST whose answer (or its absence) is recorded against the write. */
async function send(
  w: Write,
  round: Round,
  post: () => Promise<{ status: number; location: string }>,
  acked: RegExp,
): Promise<boolean> {
  round.writes.push(w);
  round.onSend();
  w.sentAt = performance.now();
  try {
    const r = await post();
    w.doneAt = performance.now();
    w.status = r.status;
    w.outcome =
      r.status === 303 && acked.test(r.location) ? 'acked' : r.status === 409 ? 'conflict' : 'other';
    if (w.outcome === 'other') log(`write ${w.id} (${w.kind}): ${r.status} ${r.location}`);
    return true;
  } catch {
    w.doneAt = Number.POSITIVE_INFINITY;
    w.outcome = 'cut';
    return false;
  }
}

function newWrite(round: Round, kind: Kind, client: string, assessment: string, version: string): Write {
  return {
    id: round.nextId(),
    kind,
    client,
    assessment,
    round: round.number,
    version: Number(version),
    sentAt: 0,
    doneAt: 0,
    outcome: 'pending',
    notes: {},
  };
}

async function stage1Client(round: Round, s: HttpSession, name: string, id: string): Promise<void> {
  while (!round.stopped()) {
    const page = await s.form(`/vurderinger/${id}/trin-1`);
    const values = checkedValues(page.text);
    const w = newWrite(round, 'stage1', name, id, page.version);
    const note = `Nedbrudstest, skrivning ${w.id}`;
    const fields: Record<string, string> = { _csrf: page.csrf, version: page.version, ...values };
    for (const v of Object.keys(values)) {
      const trigger = v.slice('value-'.length);
      fields[`note-${trigger}`] = note;
      w.notes[`trigger:${trigger}`] = note;
    }
    const ok = await send(
      w,
      round,
      () => s.request('POST', `/vurderinger/${id}/trin-1`, new URLSearchParams(fields)),
      /\/(trin-2\/[a-z0-9-]+|tjek)$/,
    );
    if (!ok) return;
    await sleep(round.random() * 20);
  }
}

async function stage2Client(
  round: Round,
  s: HttpSession,
  name: string,
  id: string,
  questions: string[],
): Promise<void> {
  while (!round.stopped()) {
    const qid = questions[Math.floor(round.random() * questions.length)] as string;
    const url = `/vurderinger/${id}/trin-2/${qid}`;
    const page = await s.form(url);
    const w = newWrite(round, 'stage2', name, id, page.version);
    const note = `Nedbrudstest, skrivning ${w.id}`;
    w.notes[`question:${qid}`] = note;
    const ok = await send(
      w,
      round,
      () =>
        s.request(
          'POST',
          url,
          new URLSearchParams({
            _csrf: page.csrf,
            version: page.version,
            affected: 'no',
            note,
            goto: 'check',
          }),
        ),
      /\/(trin-2\/[a-z0-9-]+|tjek)$/,
    );
    if (!ok) return;
    await sleep(round.random() * 20);
  }
}

async function uploadClient(round: Round, s: HttpSession, id: string, sample: Buffer): Promise<void> {
  while (!round.stopped()) {
    const { csrf, version } = await s.form(`/vurderinger/${id}/dokument`);
    const w = newWrite(round, 'upload', 'upload', id, version);
    const fileName = `nedbrud-${w.id}.txt`;
    // A small, valid bill with a line of its own: every upload's bytes (and hash) are unique.
    const bytes = Buffer.concat([sample, Buffer.from(`\nNedbrudstest, upload ${w.id}.\n`)]);
    w.upload = { fileName, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
    const form = new FormData();
    form.append('_csrf', csrf);
    form.append('version', version);
    form.append('file', new Blob([bytes], { type: 'text/plain' }), fileName);
    const ok = await send(
      w,
      round,
      () => s.request('POST', `/vurderinger/${id}/dokument`, form),
      /\/(overblik|behandling)$/,
    );
    if (!ok) return;
  }
}

async function signOffClient(round: Round, s: HttpSession, id: string): Promise<void> {
  while (!round.stopped()) {
    const page = await s.form(`/vurderinger/${id}/godkendelse`);
    const action = /name="action" value="(submit|return)"/.exec(page.text)?.[1] as
      'submit' | 'return' | undefined;
    if (!action) throw new Error('no sign-off action on the page');
    const w = newWrite(round, 'signoff', 'sign-off', id, page.version);
    w.signOff = { action, to: action === 'submit' ? 'in-review' : 'draft' };
    const ok = await send(
      w,
      round,
      () =>
        s.request(
          'POST',
          `/vurderinger/${id}/godkendelse`,
          new URLSearchParams({ _csrf: page.csrf, version: page.version, action }),
        ),
      /\/godkendelse$/,
    );
    if (!ok) return;
    await sleep(round.random() * 30);
  }
}

// ---------- the checks ----------

interface Problems {
  /** Acknowledged writes not (fully) there, by write id. */
  lost: Map<number, string>;
  /** Writes refused (409 or another error) that are stored all the same, by write id. */
  conflictStored: Map<number, string>;
  other: string[];
}

/** Versions seen at the previous check: they may only grow. */
type Seen = Map<string, number>;

function verify(snap: Snapshot, writes: Write[], seen: Seen, when: string): Problems {
  const p: Problems = { lost: new Map(), conflictStored: new Map(), other: [] };
  const lose = (w: Write, text: string): void => void p.lost.set(w.id, `${when}: ${text}`);
  if (!snap.integrity.startsWith('ok') && !snap.integrity.startsWith('n/a'))
    p.other.push(`${when}: integrity check: ${snap.integrity}`);
  if (snap.integrity.includes('foreign_key_check')) p.other.push(`${when}: ${snap.integrity}`);
  if (snap.orphans) p.other.push(`${when}: ${snap.orphans} rows without their parent row`);

  // Which write a stored value is: every value this script writes carries a note naming its write.
  const byNote = new Map<string, Write>();
  for (const w of writes)
    for (const [key, note] of Object.entries(w.notes)) byNote.set(`${w.assessment}|${key}|${note}`, w);
  const noteOf = (json: string): string => {
    try {
      return String((JSON.parse(json) as { note?: unknown }).note ?? '');
    } catch {
      return '';
    }
  };
  const ours = new Set(writes.map((w) => w.assessment));

  // answer_history: each assessment's seq is 1..n without gaps or repeats.
  const history = new Map<string, { seq: number; write?: Write; json: string }[]>();
  const seqs = new Map<string, number[]>();
  for (const h of snap.history) {
    if (!ours.has(h.assessment_id)) continue;
    const k = `${h.assessment_id}|${h.key}`;
    const w = byNote.get(`${k}|${noteOf(h.value_json)}`);
    if (!w) p.other.push(`${when}: a stored value no write sent: ${k} ${h.value_json.slice(0, 80)}`);
    else if (w.outcome === 'conflict' || w.outcome === 'other')
      p.conflictStored.set(
        w.id,
        `${when}: write ${w.id} (${w.kind}, answered ${w.status}) is stored in ${k}`,
      );
    const list = history.get(k) ?? [];
    list.push({ seq: h.seq, json: h.value_json, ...(w ? { write: w } : {}) });
    history.set(k, list);
    const s = seqs.get(h.assessment_id) ?? [];
    s.push(h.seq);
    seqs.set(h.assessment_id, s);
  }
  for (const [id, list] of seqs) {
    const sorted = [...list].sort((x, y) => x - y);
    if (sorted.some((v, i) => v !== i + 1))
      p.other.push(`${when}: answer_history of ${id} is not numbered 1..${sorted.length}`);
  }

  // Every acknowledged answer is in the history, and the saved answer is the newest there.
  const stored = new Map(snap.answers.map((a) => [`${a.assessment_id}|${a.key}`, a.value_json]));
  const keys = new Map<string, Write[]>();
  for (const w of writes)
    for (const key of Object.keys(w.notes)) {
      const k = `${w.assessment}|${key}`;
      keys.set(k, [...(keys.get(k) ?? []), w]);
    }
  for (const [k, ws] of keys) {
    const list = history.get(k) ?? [];
    const seqOf = (w: Write) => list.find((h) => h.write === w)?.seq;
    for (const w of ws)
      if (w.outcome === 'acked' && seqOf(w) === undefined)
        lose(w, `acknowledged write ${w.id} (${w.kind}, round ${w.round}) is not in ${k}`);
    const newest = list.reduce<(typeof list)[number] | undefined>(
      (m, h) => (!m || h.seq > m.seq ? h : m),
      undefined,
    );
    const current = stored.get(k);
    if (newest && current !== newest.json)
      p.other.push(`${when}: ${k}: the saved answer is not the newest in its history`);
    if (!newest) continue;
    const s = newest.write;
    for (const a of ws) {
      if (a.outcome !== 'acked' || !s || a === s) continue;
      // The saved value must not be one that was finished before an acknowledged write was even sent.
      if (s.doneAt < a.sentAt) lose(a, `${k} holds write ${s.id}, older than the acknowledged write ${a.id}`);
    }
  }

  // Versions: at least one past the version each acknowledged write was read at; never lower than seen before.
  for (const a of snap.assessments) {
    if (!ours.has(a.id)) continue;
    const newest = writes
      .filter((w) => w.assessment === a.id && w.outcome === 'acked')
      .reduce<Write | undefined>((m, w) => (!m || w.version > m.version ? w : m), undefined);
    if (newest && a.version < newest.version + 1)
      lose(newest, `assessment ${a.id} is at version ${a.version}, not ${newest.version + 1} or later`);
    if (a.version < (seen.get(a.id) ?? 0))
      p.other.push(`${when}: assessment ${a.id} went back from version ${seen.get(a.id)} to ${a.version}`);
    seen.set(a.id, a.version);
  }

  // Uploads: every acknowledged one is a document version with its bytes; no refused one is.
  const docs = new Map(snap.documents.map((d) => [`${d.assessment_id}|${d.file_name}`, d]));
  for (const w of writes) {
    if (!w.upload) continue;
    const d = docs.get(`${w.assessment}|${w.upload.fileName}`);
    if (w.outcome === 'acked' && !d) lose(w, `acknowledged upload ${w.upload.fileName} is missing`);
    if (d && (w.outcome === 'conflict' || w.outcome === 'other'))
      p.conflictStored.set(w.id, `${when}: upload ${w.upload.fileName} answered ${w.status} but is stored`);
    if (d && (d.sha256 !== w.upload.sha256 || d.size !== w.upload.size))
      p.other.push(`${when}: upload ${w.upload.fileName} is stored with other bytes`);
    if (d?.original_sha256 && d.original_sha256 !== w.upload.sha256)
      p.other.push(`${when}: the original of ${w.upload.fileName} does not match its hash`);
  }
  const numbers = new Map<string, number[]>();
  for (const d of snap.documents)
    numbers.set(d.assessment_id, [...(numbers.get(d.assessment_id) ?? []), d.number]);
  for (const [id, list] of numbers)
    if ([...list].sort((x, y) => x - y).some((v, i) => v !== i + 1))
      p.other.push(`${when}: the document versions of ${id} are not numbered 1..${list.length}`);

  // Sign-off: the status is where the last acknowledged move left it, or where a later unanswered one went.
  const moves = writes.filter((w) => w.signOff);
  const last = moves.filter((w) => w.outcome === 'acked').at(-1);
  if (last?.signOff) {
    const allowed = new Set([
      last.signOff.to,
      ...moves.filter((w) => w.outcome === 'cut' && w.sentAt > last.sentAt).map((w) => w.signOff?.to),
    ]);
    const status = snap.assessments.find((a) => a.id === last.assessment)?.status ?? '(missing)';
    if (!allowed.has(status as 'draft'))
      lose(last, `sign-off status is ${status}; the acknowledged move ${last.id} made it ${last.signOff.to}`);
  }
  return p;
}

// ---------- one database ----------

interface Summary {
  db: string;
  kills: number;
  sent: number;
  byKind: Record<Kind, number>;
  acked: number;
  conflicts: number;
  cut: number;
  cutStored: number;
  other: number;
  /** The answers counted as "other", by status. */
  otherStatuses: string;
  lost: number;
  conflictStored: number;
  problems: string[];
  integrity: string;
  cutOffDocs: number;
  docsDone: number;
  docsFailed: number;
  docsStuck: number;
  finalExit: string;
  ms: number;
}

async function runOne(target: Target): Promise<Summary> {
  const t0 = performance.now();
  const random = prng(SEED);
  const writes: Write[] = [];
  const seen: Seen = new Map();
  const problems: string[] = [];
  const lostIds = new Set<number>();
  const storedIds = new Set<number>();
  let integrityOk = 0;
  let checks = 0;
  const cutOffDocs = new Set<string>();
  const sample = readFileSync(SAMPLE);
  const absorb = (p: Problems): void => {
    for (const id of p.lost.keys()) lostIds.add(id);
    for (const id of p.conflictStored.keys()) storedIds.add(id);
    problems.push(...p.lost.values(), ...p.conflictStored.values(), ...p.other);
  };
  const check = async (when: string): Promise<Snapshot> => {
    await target.quiesce();
    const snap = await target.snapshot();
    checks++;
    if (snap.integrity.startsWith('ok') || snap.integrity.startsWith('n/a')) integrityOk++;
    absorb(verify(snap, writes, seen, when));
    return snap;
  };

  let server: LiveServer = await spawnServer(serverEnv(target));
  try {
    const sc = await setUp(server.base, writes);
    const sessions = [sc.admin, sc.author];
    for (let k = 1; k <= KILLS; k++) {
      let stopped = false;
      let firstSent!: () => void;
      const writing = new Promise<void>((r) => (firstSent = r));
      const round: Round = {
        onSend: () => firstSent(),
        number: k,
        writes,
        nextId: () => nextWriteId++,
        stopped: () => stopped,
        random,
      };
      const clients = [
        stage1Client(round, sc.author, 'stage1-author', sc.a),
        stage1Client(round, sc.admin, 'stage1-admin', sc.a),
        stage2Client(round, sc.author, 'stage2-author', sc.b, sc.questions),
        stage2Client(round, sc.admin, 'stage2-admin', sc.b, sc.questions),
        uploadClient(round, sc.author, sc.c, sample),
        signOffClient(round, sc.author, sc.d),
      ].map((p) =>
        p.catch((e: unknown) =>
          log(`client stopped: ${String(e)} ${e instanceof Error && e.cause ? String(e.cause) : ''}`),
        ),
      );
      const delay = KILL_AFTER[0] + random() * (KILL_AFTER[1] - KILL_AFTER[0]);
      await Promise.race([writing, sleep(10_000)]);
      await sleep(delay);
      server.child.kill('SIGKILL');
      await server.exited;
      stopped = true;
      await Promise.all(clients);
      for (const w of writes)
        if (w.outcome === 'pending') {
          w.outcome = 'cut';
          w.doneAt = Number.POSITIVE_INFINITY;
        }
      const victim = writes.findLast((w) => w.outcome === 'acked' && w.kind === 'stage2');
      if (INJECT_LOSS && k === 1 && victim) {
        const note = Object.values(victim.notes)[0] ?? '';
        await target.execute('delete from answer_history where value_json like ?', [`%${note}"%`]);
        log(`--inject-loss: deleted the history of acknowledged write ${victim.id}`);
      }
      const snap = await check(`after kill ${k}`);
      for (const d of snap.documents)
        if (d.status === 'queued' || d.status === 'processing') cutOffDocs.add(d.id);
      log(
        `kill ${k} after ${Math.round(delay)} ms: ${writes.length} writes so far, ${problems.length} problems`,
      );
      server = await spawnServer(serverEnv(target));
      for (const s of sessions) s.base = server.base;
    }
    // The documents cut off by kills: taken up again at start, they must end done or failed.
    const until = Date.now() + SETTLE_MS;
    let snap = await target.snapshot();
    while (
      Date.now() < until &&
      snap.documents.some((d) => d.status === 'queued' || d.status === 'processing')
    ) {
      await sleep(500);
      snap = await target.snapshot();
    }
    server.child.kill('SIGTERM');
    const how = await server.exited;
    const finalExit = how.signal ? `signal ${how.signal}` : `exit code ${how.code}`;
    if (how.code !== 0) problems.push(`the graceful stop at the end ended with ${finalExit}`);
    snap = await check('at the end');
    const cut = snap.documents.filter((d) => cutOffDocs.has(d.id));
    const all = writes.filter((w) => w.client !== 'set-up');
    const stuck = cut.filter((d) => d.status !== 'done' && d.status !== 'failed').length;
    if (stuck) problems.push(`${stuck} documents cut off by a kill are still not processed`);
    const storedNote = (w: Write): boolean =>
      Object.entries(w.notes).some(([key, note]) =>
        snap.history.some(
          (h) => h.assessment_id === w.assessment && h.key === key && h.value_json.includes(`"${note}"`),
        ),
      ) ||
      (w.upload !== undefined && snap.documents.some((d) => d.file_name === w.upload?.fileName));
    const count = (o: Outcome) => all.filter((w) => w.outcome === o).length;
    return {
      db: target.name,
      kills: KILLS,
      sent: all.length,
      byKind: {
        stage1: all.filter((w) => w.kind === 'stage1').length,
        stage2: all.filter((w) => w.kind === 'stage2').length,
        upload: all.filter((w) => w.kind === 'upload').length,
        signoff: all.filter((w) => w.kind === 'signoff').length,
      },
      acked: count('acked'),
      conflicts: count('conflict'),
      cut: count('cut'),
      cutStored: all.filter((w) => w.outcome === 'cut' && storedNote(w)).length,
      other: count('other'),
      otherStatuses: [
        ...all
          .filter((w) => w.outcome === 'other')
          .reduce(
            (m, w) => m.set(`${w.kind} ${w.status}`, (m.get(`${w.kind} ${w.status}`) ?? 0) + 1),
            new Map<string, number>(),
          ),
      ]
        .map(([k, n]) => `${n} × ${k}`)
        .join(', '),
      lost: lostIds.size,
      conflictStored: storedIds.size,
      problems,
      integrity: `${integrityOk}/${checks} checks ${target.name === 'SQLite' ? 'PRAGMA integrity_check = ok, foreign_key_check empty' : 'consistent (no orphan rows, history and versions in order)'}`,
      cutOffDocs: cut.length,
      docsDone: cut.filter((d) => d.status === 'done').length,
      docsFailed: cut.filter((d) => d.status === 'failed').length,
      docsStuck: stuck,
      finalExit,
      ms: performance.now() - t0,
    };
  } catch (e) {
    process.stderr.write(`the server's last lines:\n${server.output()}\n`);
    throw e;
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await target.drop();
  }
}

/** Lost or stored-when-refused writes, a failed check, or a server error (5xx) fail the run. */
function failedRun(s: Summary): boolean {
  return s.problems.length > 0 || s.lost > 0 || / 5\d\d\b/.test(s.otherStatuses);
}

function minutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

function print(s: Summary): void {
  const lines = [
    `Crash safety – ${s.db}: ${s.kills} × SIGKILL at random moments (${KILL_AFTER[0]}–${KILL_AFTER[1]} ms into writing), seed ${SEED}`,
    `  writes sent:            ${s.sent} (stage 1: ${s.byKind.stage1}, stage 2: ${s.byKind.stage2}, uploads: ${s.byKind.upload}, sign-off: ${s.byKind.signoff})`,
    `  acknowledged (303):     ${s.acked}`,
    `  conflicts (409):        ${s.conflicts} – stored anyway: ${s.conflictStored}`,
    `  cut off by the kill:    ${s.cut} (no answer; stored before the kill: ${s.cutStored})`,
    `  other answers:          ${s.other}${s.other ? ` (${s.otherStatuses})` : ''}`,
    `  acknowledged writes lost: ${s.lost}`,
    `  integrity:              ${s.integrity}`,
    `  documents cut off mid-processing: ${s.cutOffDocs} – after restart done ${s.docsDone}, failed ${s.docsFailed}, stuck ${s.docsStuck}`,
    `  graceful stop at the end: ${s.finalExit}`,
    `  time:                   ${minutes(s.ms)}`,
    `  result:                 ${failedRun(s) ? 'FAILED' : 'OK'}`,
    ...s.problems.slice(0, 20).map((p) => `    ! ${p}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

async function main(): Promise<void> {
  const targets: (() => Target)[] =
    DB_ARG === 'sqlite'
      ? [sqliteTarget]
      : DB_ARG === 'postgres'
        ? [postgresTarget]
        : [sqliteTarget, postgresTarget];
  let failed = false;
  for (const make of targets) {
    nextWriteId = 1;
    const s = await runOne(make());
    print(s);
    if (failedRun(s)) failed = true;
  }
  process.exit(failed ? 1 : 0);
}

// Exit 1: an acknowledged write lost or the database damaged. Exit 2: the test itself could not run (a set-up
// step failed), which says nothing about durability either way; CI runs it once more and says so.
main().catch((e: unknown) => {
  process.stderr.write(`crash-safety: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(2);
});
