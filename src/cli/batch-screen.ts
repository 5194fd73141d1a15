import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { createDocumentPool, type DocumentPool } from '../assessments/document-pool';
import type { Findings } from '../domain/findings';
import type { LegalDocument } from '../domain/legal-document';
import { DEFAULT_LIMITS } from '../ingest/ingest-error';
import { chooseRuleset } from '../rulesets/choose-ruleset';
import { loadRulesetById, RulesetError, rulesetIds } from '../rulesets/load-ruleset';
import type { ProcessOutput } from '../workers/process-document';
import {
  type BatchEntry,
  type BatchRun,
  renderBatchCsv,
  renderBatchHtml,
  renderBatchJson,
  summarise,
  summaryOf,
} from './batch-report';

/** The same codes as `EXIT` in main.ts (not imported: main imports this module). */
const OK = 0;
const INTERNAL = 1;
const BAD_INPUT = 2;

/** Extensions a folder is screened for; other files in it are skipped. */
export const BATCH_EXTENSIONS = ['.pdf', '.docx', '.html', '.htm', '.txt', '.md', '.markdown'];

/** Errors that may not happen again: such documents are tried again on the next run, not reused. */
const RETRY_CODES = new Set(['timeout', 'out-of-memory', 'internal', 'not-found', 'unreadable']);

/** Per-document limits, the web app's defaults (src/config.ts). */
const TIMEOUT_MS = 180_000;
const MEMORY_MB = 1536;

/** A problem with the command line the user can fix: exit code 2 and a Danish message. */
export class BatchInputError extends Error {}

export interface CliOutput {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface BatchOptions {
  /** A folder, or a text file with one path per line. */
  batch?: string;
  out?: string;
  ruleset?: string;
  workers?: string;
  /** Files named on the command line besides --batch (an error). */
  files?: string[];
  json?: boolean;
}

export interface BatchEnvironment {
  /** A cli-progress bar on the terminal (else a line every tenth of the batch). */
  bar: boolean;
  /** Ctrl-C prints how to resume (only in the real process). */
  handleSignals: boolean;
  now?: () => Date;
}

interface Input {
  file: string;
  path: string;
}

export function journalPath(out: string): string {
  return `${out}.progress.jsonl`;
}

const collator = new Intl.Collator('da', { numeric: true });

function bad(da: string, en: string): BatchInputError {
  return new BatchInputError(`Fejl: ${da}\nError: ${en}`);
}

/** The documents of a folder (non-recursive, sorted) or of a list file (one path per line, `#` comments). */
export function batchInputs(batch: string, exclude: readonly string[] = []): Input[] {
  let info: fs.Stats;
  try {
    info = fs.statSync(batch);
  } catch {
    throw bad(
      `--batch: mappen eller listen findes ikke: ${batch}`,
      `--batch: no such folder or list: ${batch}`,
    );
  }
  const skip = new Set(exclude.map((p) => path.resolve(p)));
  if (info.isDirectory()) {
    const names = fs
      .readdirSync(batch, { withFileTypes: true })
      .filter((d) => d.isFile() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .filter((n) => BATCH_EXTENSIONS.includes(path.extname(n).toLowerCase()))
      .filter((n) => !skip.has(path.resolve(batch, n)))
      .sort(collator.compare);
    if (names.length === 0)
      throw bad(
        `--batch: mappen ${batch} indeholder ingen dokumenter (${BATCH_EXTENSIONS.join(', ')}).`,
        `--batch: the folder ${batch} holds no documents (${BATCH_EXTENSIONS.join(', ')}).`,
      );
    return names.map((n) => ({ file: path.join(batch, n), path: path.resolve(batch, n) }));
  }
  if (['.pdf', '.docx', '.html', '.htm', '.md', '.markdown'].includes(path.extname(batch).toLowerCase()))
    throw bad(
      `--batch skal være en mappe eller en tekstfil med én sti pr. linje, ikke et dokument: ${batch}`,
      `--batch must be a folder or a text file with one path per line, not a document: ${batch}`,
    );
  const lines = fs
    .readFileSync(batch, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0)
    throw bad(`--batch: listen ${batch} er tom.`, `--batch: the list ${batch} is empty.`);
  const seen = new Set<string>();
  const inputs: Input[] = [];
  for (const line of lines) {
    // Relative paths are relative to the list, so a list can be moved together with its documents.
    const file = path.isAbsolute(line) ? line : path.join(path.dirname(batch), line);
    const abs = path.resolve(file);
    if (seen.has(abs)) continue;
    seen.add(abs);
    inputs.push({ file, path: abs });
  }
  if (!inputs.some((i) => fs.existsSync(i.path)))
    throw bad(
      `--batch: ingen af de ${lines.length} linjer i ${batch} er en fil, der findes. --batch skal være en mappe eller en tekstfil med én sti pr. linje.`,
      `--batch: none of the ${lines.length} lines of ${batch} is an existing file. --batch must be a folder or a text file with one path per line.`,
    );
  return inputs;
}

/** The journal's entries by absolute path, the last one winning; a torn last line (a kill mid-write) is skipped. */
export function readJournal(file: string): Map<string, BatchEntry> {
  const entries = new Map<string, BatchEntry>();
  if (!fs.existsSync(file)) return entries;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const e = JSON.parse(line) as BatchEntry;
      if (typeof e.path === 'string' && typeof e.sha256 === 'string') entries.set(e.path, e);
    } catch {
      // a line cut short by a kill: that document is done again
    }
  }
  return entries;
}

/** Appends one line per document and forces it to disk, so a kill loses at most the documents in flight. */
class Journal {
  private readonly fd: number;
  constructor(file: string) {
    // A line torn by a kill must not swallow the next one.
    if (fs.existsSync(file) && fs.statSync(file).size > 0) {
      const fd = fs.openSync(file, 'r');
      const last = Buffer.alloc(1);
      fs.readSync(fd, last, 0, 1, fs.fstatSync(fd).size - 1);
      fs.closeSync(fd);
      if (last[0] !== 0x0a) fs.appendFileSync(file, '\n');
    }
    this.fd = fs.openSync(file, 'a');
  }
  append(e: BatchEntry): void {
    fs.writeSync(this.fd, `${JSON.stringify(e)}\n`);
    fs.fsyncSync(this.fd);
  }
  close(): void {
    fs.closeSync(this.fd);
  }
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function readError(e: unknown, file: string): BatchEntry['error'] {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT')
    return { code: 'not-found', da: `Filen findes ikke: ${file}`, en: `No such file: ${file}` };
  if (code === 'EISDIR')
    return {
      code: 'unreadable',
      da: `${file} er en mappe, ikke en fil.`,
      en: `${file} is a folder, not a file.`,
    };
  if (code === 'EACCES')
    return { code: 'unreadable', da: `Ingen adgang til filen: ${file}`, en: `Permission denied: ${file}` };
  return {
    code: 'unreadable',
    da: `Filen kunne ikke læses: ${file} (${(e as Error).message})`,
    en: `The file could not be read: ${file} (${(e as Error).message})`,
  };
}

function outFormat(out: string): 'json' | 'csv' | 'html' {
  const ext = path.extname(out).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  if (ext === '.html' || ext === '.htm') return 'html';
  throw bad(
    `--out skal ende på .json, .csv eller .html (rapportens format vælges efter endelsen): ${out}`,
    `--out must end in .json, .csv or .html (the report's format follows the extension): ${out}`,
  );
}

const da = (x: number, digits = 1): string =>
  x.toLocaleString('da-DK', { minimumFractionDigits: digits, maximumFractionDigits: digits });

class Progress {
  private readonly bar?: SingleBar;
  private done = 0;
  private readonly every: number;
  constructor(
    private readonly total: number,
    useBar: boolean,
    private readonly io: CliOutput,
    private readonly started: number,
  ) {
    this.every = Math.max(1, Math.ceil(total / 10));
    if (useBar && total > 0) {
      this.bar = new SingleBar({
        stream: process.stderr,
        format: 'Screener |{bar}| {value}/{total} dokumenter | {rate} dok./s | {eta_formatted} tilbage',
        barsize: 30,
        hideCursor: false,
        etaBuffer: 50,
      });
      this.bar.start(total, 0, { rate: '–' });
    }
  }
  tick(): void {
    this.done++;
    const rate = this.done / Math.max(0.001, (performance.now() - this.started) / 1000);
    if (this.bar) this.bar.update(this.done, { rate: da(rate) });
    else if (this.done % this.every === 0 || this.done === this.total)
      this.io.stderr(
        `  ${this.done}/${this.total} dokumenter (${Math.round((100 * this.done) / this.total)} %), ${da(rate)} dokumenter/s\n`,
      );
  }
  stop(): void {
    this.bar?.stop();
  }
}

/**
 * `relationstjek screen --batch <folder|list> --out report.(json|csv|html)`: every document through the
 * worker pool (one thread per core), each finished document appended to `<out>.progress.jsonl`; a second run
 * reuses the documents the journal has with the same bytes, so an interrupted batch resumes. The report is
 * built from the journal. Bad files become rows with their error. Returns the exit code.
 */
export async function runBatch(opts: BatchOptions, io: CliOutput, env: BatchEnvironment): Promise<number> {
  try {
    return await batch(opts, io, env);
  } catch (e) {
    if (e instanceof BatchInputError) {
      io.stderr(`${e.message}\n`);
      return BAD_INPUT;
    }
    throw e;
  }
}

async function batch(opts: BatchOptions, io: CliOutput, env: BatchEnvironment): Promise<number> {
  const wallStart = performance.now();
  if (!opts.batch)
    throw bad(
      '--out og --workers bruges kun sammen med --batch <mappe|liste>.',
      '--out and --workers are only used together with --batch <folder|list>.',
    );
  if (!opts.out)
    throw bad(
      '--batch kræver --out <rapport.json|rapport.csv|rapport.html>.',
      '--batch needs --out <report.json|report.csv|report.html>.',
    );
  if (opts.files && opts.files.length > 0)
    throw bad(
      `Angiv enten filer eller --batch, ikke begge (${opts.files.join(', ')}).`,
      `Give either files or --batch, not both (${opts.files.join(', ')}).`,
    );
  if (opts.json)
    throw bad(
      '--json bruges ikke med --batch; rapportens format vælges med endelsen på --out (.json).',
      "--json is not used with --batch; the report's format follows the --out extension (.json).",
    );
  const out = opts.out;
  const format = outFormat(out);
  const outDir = path.dirname(path.resolve(out));
  if (!fs.existsSync(outDir) || !fs.statSync(outDir).isDirectory())
    throw bad(`--out: mappen findes ikke: ${outDir}`, `--out: no such folder: ${outDir}`);
  let workers = os.availableParallelism();
  if (opts.workers !== undefined) {
    workers = Number(opts.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64)
      throw bad(
        `--workers skal være et helt tal fra 1 til 64: ${opts.workers}`,
        `--workers must be a whole number from 1 to 64: ${opts.workers}`,
      );
  }
  const rulesetOption = opts.ruleset ?? 'auto';
  if (opts.ruleset !== undefined) {
    if (opts.ruleset.includes('/') || opts.ruleset.includes(path.sep))
      throw bad(
        `Med --batch skal --ruleset være et regelsæts id (fx dk-lovforslag), ikke en mappe: ${opts.ruleset}`,
        `With --batch, --ruleset must be a ruleset id (e.g. dk-lovforslag), not a folder: ${opts.ruleset}`,
      );
    // An unknown id is refused at once; a broken ruleset is found below, once the workers are warming up.
    if (!rulesetIds().includes(opts.ruleset)) loadRulesetById(opts.ruleset);
  }

  const journalFile = journalPath(out);
  const inputs = batchInputs(opts.batch, [out, journalFile, `${out}.tmp`]);
  const journal = readJournal(journalFile);

  // The bytes decide what is done already: the same path with the same sha256.
  const readable: { input: Input; sha: string }[] = [];
  const unreadable: BatchEntry[] = [];
  for (const input of inputs) {
    try {
      readable.push({ input, sha: sha256(await readFile(input.path)) });
    } catch (e) {
      unreadable.push({
        ...input,
        sha256: '',
        bytes: 0,
        rulesetOption,
        ms: 0,
        ok: false,
        error: readError(e, input.file),
      });
    }
  }
  const recordedAs = (e: BatchEntry | undefined, sha: string): e is BatchEntry =>
    !!e &&
    e.sha256 === sha &&
    e.rulesetOption === rulesetOption &&
    !(e.error && RETRY_CODES.has(e.error.code));

  // Loading rulesets takes the main thread about a second: the workers start first and warm up meanwhile.
  let pool: DocumentPool | undefined;
  const startPool = (): DocumentPool =>
    (pool ??= createDocumentPool({ threads: workers, timeoutMs: TIMEOUT_MS, memoryMb: MEMORY_MB }));
  if (readable.some((r) => !recordedAs(journal.get(r.input.path), r.sha))) startPool();

  let internal = 0;
  let rerun = 0;
  let reused = 0;
  const todo: Input[] = [];
  let log: Journal | undefined;
  let progress: Progress | undefined;
  let started: number | undefined;
  const onSigint = (): void => {
    progress?.stop();
    io.stderr(
      `\nAfbrudt. De færdige dokumenter er gemt i ${journalFile}; kør samme kommando igen for at fortsætte.\n`,
    );
    process.exit(130);
  };
  if (env.handleSignals) process.once('SIGINT', onSigint);
  try {
    if (opts.ruleset !== undefined) loadRulesetById(opts.ruleset); // a broken ruleset is bad input
    // A result made with an older version of its ruleset is not reused.
    const versions = new Map<string, string | undefined>();
    const currentVersion = (id: string): string | undefined => {
      if (!versions.has(id)) {
        try {
          versions.set(id, loadRulesetById(id).version);
        } catch (e) {
          if (!(e instanceof RulesetError)) throw e;
          versions.set(id, undefined);
        }
      }
      return versions.get(id);
    };
    for (const { input, sha } of readable) {
      const e = journal.get(input.path);
      if (recordedAs(e, sha) && (!e.ruleset || currentVersion(e.ruleset.id) === e.ruleset.version)) reused++;
      else todo.push(input);
    }
    io.stderr(
      `Batch: ${inputs.length} dokumenter fra ${opts.batch}; ${reused} genbruges fra ${journalFile}, ${todo.length + unreadable.length} behandles med ${workers} arbejdstråde.\n`,
    );

    log = new Journal(journalFile);
    for (const e of unreadable) log.append(e);
    started = performance.now();
    progress = new Progress(todo.length, env.bar, io, started);
    if (todo.length > 0) {
      const screen = screener(startPool(), opts.ruleset, () => rerun++);
      let next = 0;
      // Twice as many documents in flight as threads: the pool never waits for the main thread to read a file.
      const lanes = Array.from({ length: Math.min(todo.length, workers * 2) }, async () => {
        while (next < todo.length) {
          const input = todo[next++] as Input;
          const entry = await screenOne(screen, input, rulesetOption);
          if (entry.error?.code === 'internal') internal++;
          log?.append(entry);
          progress?.tick();
        }
      });
      await Promise.all(lanes);
    }
  } finally {
    progress?.stop();
    if (env.handleSignals) process.removeListener('SIGINT', onSigint);
    log?.close();
    await (pool as DocumentPool | undefined)?.close();
  }
  const seconds = (performance.now() - (started ?? wallStart)) / 1000;

  // The report comes from the journal: what a resumed run shows is exactly what was recorded.
  const recorded = readJournal(journalFile);
  const entries = inputs.map((input) => {
    const e = recorded.get(input.path);
    if (!e) throw new Error(`${input.file} mangler i ${journalFile}`);
    return e;
  });
  const processed = todo.length + unreadable.length;
  const run: BatchRun = {
    batch: opts.batch,
    rulesetOption,
    workers,
    processed,
    reused,
    rerun,
    seconds: Math.round(seconds * 1000) / 1000,
    documentsPerSecond: todo.length > 0 ? Math.round((todo.length / seconds) * 10) / 10 : 0,
  };
  const now = env.now?.() ?? new Date();
  const body =
    format === 'json'
      ? renderBatchJson(entries, run, now)
      : format === 'csv'
        ? renderBatchCsv(entries)
        : renderBatchHtml(entries, run, now);
  fs.writeFileSync(`${out}.tmp`, body, 'utf8');
  fs.renameSync(`${out}.tmp`, out);

  const s = summaryOf(entries);
  io.stderr(
    [
      `Færdig: ${s.documents} dokumenter – ${s.relevant} relevante, ${s.unknown} uafklarede, ${s.notRelevant} ikke relevante, ${s.failed} kunne ikke læses.`,
      `behandlet: ${processed}, genbrugt: ${reused}${rerun > 0 ? `, kørt igen med andet regelsæt: ${rerun}` : ''}`,
      `${todo.length} dokumenter på ${da(seconds, 2)} s = ${da(run.documentsPerSecond)} dokumenter/s (${workers} arbejdstråde; i alt ${da((performance.now() - wallStart) / 1000, 2)} s).`,
      ...(internal > 0
        ? [`${internal} dokumenter fik en intern fejl og prøves igen ved næste kørsel (se rapporten).`]
        : []),
      `Rapporten er skrevet: ${out}`,
      '',
    ].join('\n'),
  );
  return internal > 0 ? INTERNAL : OK;
}

type Screened = { out: ProcessOutput; doc?: LegalDocument; findings?: Findings };

/**
 * ingest → parse → detect in the pool. With --ruleset the pool gets that id. Without it the ruleset depends on
 * the document's kind, which only the worker learns: the pool gets the ruleset the last document needed (batches
 * are mostly one kind), and a document whose kind needs another ruleset goes through the pool again with it.
 */
function screener(
  pool: DocumentPool,
  fixed: string | undefined,
  onRerun: () => void,
): (bytes: Uint8Array, fileName: string) => Promise<Screened> {
  const chosen = new Map<string, string>();
  const choose = (doc: Pick<LegalDocument, 'kind' | 'language'>): string => {
    const key = `${doc.kind}/${doc.language}`;
    let id = chosen.get(key);
    if (!id) {
      id = chooseRuleset(doc).id;
      chosen.set(key, id);
    }
    return id;
  };
  // The project's main use, a session's bills, decides the first guess.
  let guess = fixed ?? choose({ kind: 'dk-bill', language: 'da' });
  const once = async (bytes: Uint8Array, fileName: string, rulesetId: string): Promise<Screened> => {
    const out = await pool.run(
      { bytes, fileName, rulesetId, maxBytes: DEFAULT_LIMITS.maxBytes },
      () => undefined,
    );
    if (!out.ok) return { out };
    return {
      out,
      doc: JSON.parse(out.documentJson) as LegalDocument,
      findings: JSON.parse(out.findingsJson) as Findings,
    };
  };
  return async (bytes, fileName) => {
    const rulesetId = guess;
    const first = await once(bytes, fileName, rulesetId);
    if (fixed || !first.doc) return first;
    const id = choose(first.doc);
    guess = id;
    if (id === rulesetId) return first;
    onRerun();
    return once(bytes, fileName, id);
  };
}

async function screenOne(
  screen: (bytes: Uint8Array, fileName: string) => Promise<Screened>,
  input: Input,
  rulesetOption: string,
): Promise<BatchEntry> {
  let bytes: Buffer;
  try {
    bytes = await readFile(input.path);
  } catch (e) {
    // removed or changed between the first look and now
    return {
      ...input,
      sha256: '',
      bytes: 0,
      rulesetOption,
      ms: 0,
      ok: false,
      error: readError(e, input.file),
    };
  }
  const base = { ...input, sha256: sha256(bytes), bytes: bytes.length, rulesetOption };
  const t = performance.now();
  try {
    const r = await screen(bytes, path.basename(input.path));
    const ms = Math.round(performance.now() - t);
    if (!r.out.ok) return { ...base, ms, ok: false, error: r.out.error };
    if (!r.doc || !r.findings) throw new Error('the worker answered without a document');
    return summarise({ ...base, ms }, r.doc, r.findings);
  } catch (e) {
    // A bug must not stop the other documents; the row says so and the next run tries again.
    const message = (e as Error).message;
    return {
      ...base,
      ms: Math.round(performance.now() - t),
      ok: false,
      error: {
        code: 'internal',
        da: `Intern fejl – dokumentet kunne ikke behandles: ${message}`,
        en: `Internal error – the document could not be processed: ${message}`,
      },
    };
  }
}
