import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assess } from '../src/assessments/assess';
import { createDocumentPool } from '../src/assessments/document-pool';
import { detect } from '../src/detect/detect';
import { ingest } from '../src/ingest/ingest';
import { popplerAvailable } from '../src/ingest/read-pdf-poppler';
import { parse } from '../src/parse/parse';
import { projectRoot } from '../src/project-root';
import { readAnswersFile } from '../src/questionnaire/answers-file';
import { renderDocx } from '../src/report/render-docx';
import { loadRulesetById } from '../src/rulesets/load-ruleset';
import { actsPdf, pdfPages, SCALE_SETS } from './pdfs';
import { emit, median, type Goal } from './report';

/**
 * How each stage grows with the size of the document: PDFs of about 10, 100 and 500 pages (corpus acts printed
 * by LibreOffice), each through pdftotext, ingest + parse, detection and note generation (warm, in-process),
 * and through the web app's real worker pool in a fresh process for its peak memory. Never fails on speed.
 *
 *   node dist/bench/scaling.js [--quick] [--json FILE]
 *   node dist/bench/scaling.js --memory FILE.pdf   (internal: one document through the pool, prints JSON)
 */
const ROOT = projectRoot();
const quick = process.argv.includes('--quick');
const REPS = quick ? 3 : 9;
/** The goals of the other sections, applied at every size. */
const GOAL_RATIO = 1.5;
const GOAL_NOTE_MS = 150;
/** The web app's limit per worker (config JOB_MEMORY_MB's default). */
const JOB_MEMORY_MB = 1536;

function timeProcess(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} failed`);
  return performance.now() - t0;
}

async function timeIt(fn: () => unknown): Promise<number> {
  // Warm-up runs: the first calls of the note path (questionnaire, docx) are several times slower.
  for (let i = 0; i < Math.max(3, Math.ceil(REPS / 2)); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function statusKb(field: string): number {
  const m = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : NaN;
}

interface Memory {
  /** Process RSS with the worker started and idle (a small document processed first), KiB. */
  idleKb: number;
  /** Peak RSS while the document was processed, KiB. */
  peakKb: number;
  /** Upload → result through the pool, ms. */
  ms: number;
  /** Characters handed back to the main thread (text, document and findings JSON). */
  resultChars: number;
}

/** One document through the real pool (one worker thread, the web app's limits), sampling this process's RSS. */
async function memory(file: string): Promise<Memory> {
  const pool = createDocumentPool({ threads: 1, timeoutMs: 600_000, memoryMb: JOB_MEMORY_MB });
  const input = (bytes: Uint8Array, fileName: string) => ({
    bytes,
    fileName,
    rulesetId: 'dk-lovforslag',
    maxBytes: 50 * 2 ** 20,
  });
  try {
    const small = readFileSync(path.join(ROOT, 'samples', 'lovforslag-aendring.docx'));
    await pool.run(input(small, 'lovforslag-aendring.docx'), () => undefined);
    const idleKb = statusKb('VmRSS');
    // Resets VmHWM to the current RSS (Linux 4.0+), so the peak is this document's.
    let hwm = true;
    try {
      writeFileSync('/proc/self/clear_refs', '5');
    } catch {
      hwm = false;
    }
    let sampled = idleKb;
    const timer = setInterval(() => (sampled = Math.max(sampled, statusKb('VmRSS'))), 5);
    const t0 = performance.now();
    const out = await pool.run(input(readFileSync(file), path.basename(file)), () => undefined);
    const ms = performance.now() - t0;
    clearInterval(timer);
    if (!out.ok) throw new Error(`${file}: ${out.error.en}`);
    return {
      idleKb,
      peakKb: Math.max(sampled, hwm ? statusKb('VmHWM') : 0),
      ms,
      resultChars: out.text.length + out.documentJson.length + out.findingsJson.length,
    };
  } finally {
    await pool.close();
  }
}

function memoryInChild(file: string): Memory | string {
  const r = spawnSync(process.execPath, [__filename, '--memory', file], {
    encoding: 'utf8',
    timeout: 900_000,
  });
  if (r.status !== 0) return (r.stderr || r.error?.message || 'failed').trim().split('\n')[0] ?? 'failed';
  return JSON.parse(r.stdout) as Memory;
}

interface Row {
  name: string;
  pages: number | undefined;
  kib: number;
  chars: number;
  pdftotext: number;
  pipeline: number;
  /** The parse part of `pipeline`. */
  parse: number;
  detect: number;
  findings: number;
  note: number;
  memory: Memory | string;
}

async function main(): Promise<void> {
  const title = 'Scaling: 10, 100 and 500 pages';
  if (!popplerAvailable()) {
    emit({ title, lines: ['Not run: pdftotext (poppler-utils) is not installed.'], goals: [] });
    return;
  }
  const ruleset = loadRulesetById('dk-lovforslag');
  const loaded = readAnswersFile(
    readFileSync(path.join(ROOT, 'tests', 'fixtures', 'answers-lovforslag-aendring.yaml'), 'utf8'),
    ruleset,
  );
  const now = new Date('2026-11-24T12:00:00Z');
  const rows: Row[] = [];
  for (const set of SCALE_SETS) {
    const pdf = actsPdf(set.name, set.acts);
    if (!pdf) {
      emit({
        title,
        lines: [
          'Not run: needs the corpus (../shared/corpus/dk-laws) and LibreOffice (soffice) to make the PDFs once.',
        ],
        goals: [],
      });
      return;
    }
    process.stderr.write(`scaling: ${set.name}…\n`);
    const bytes = readFileSync(pdf);
    // pdftotext and ours take turns in one loop, so a change in the machine's load cannot tilt the ratio.
    const cli: number[] = [];
    const ours: number[] = [];
    const parses: number[] = [];
    for (let i = 0; i < REPS + Math.max(2, Math.ceil(REPS / 3)); i++) {
      const c = timeProcess('pdftotext', ['-q', pdf, '-']);
      const t0 = performance.now();
      const source = await ingest(bytes, { pdfEngine: 'poppler' });
      const t1 = performance.now();
      parse(source);
      if (i < Math.max(2, Math.ceil(REPS / 3))) continue;
      cli.push(c);
      ours.push(performance.now() - t0);
      parses.push(performance.now() - t1);
    }
    const pdftotext = median(cli);
    const pipeline = median(ours);
    const parseMs = median(parses);
    const doc = parse(await ingest(bytes, { pdfEngine: 'poppler' }));
    const detectMs = await timeIt(() => detect(doc, ruleset));
    const note = await timeIt(async () => {
      const { note: n } = assess({
        doc,
        ruleset,
        answers: loaded.answers,
        unconfirmed: loaded.unconfirmed,
        meta: {},
        mode: 'a',
        now,
      });
      await renderDocx(n, now);
    });
    rows.push({
      name: set.acts.join(' + '),
      pages: pdfPages(pdf),
      kib: bytes.length / 1024,
      chars: doc.text.length,
      pdftotext,
      pipeline,
      parse: parseMs,
      detect: detectMs,
      findings: detect(doc, ruleset).findings.length,
      note,
      memory: memoryInChild(pdf),
    });
  }

  const mib = (kb: number): string => (kb / 1024).toFixed(0);
  const cell = (m: Memory | string, f: (x: Memory) => string): string =>
    typeof m === 'string' ? 'n/a' : f(m);
  const lines = [
    `PDFs printed by LibreOffice from corpus acts (15 pt, as the pipeline section's), cached in bench/.cache/; page counts by pdfinfo. ` +
      `Times: warm, median of ${REPS} after a warm-up; ours in-process, pdftotext as repeated processes taking turns with ours in one loop. Detection: the dk-lovforslag ruleset. ` +
      `Note generation: detect + questionnaire + ImpactNote + .docx with the answers of the note-generation section. ` +
      `Worker memory: a fresh process with the web app's worker pool (one worker thread, its ${JOB_MEMORY_MB} MB heap limit) processes a small sample, then the PDF (ingest → parse → detect → JSON, as for an upload); ` +
      `RSS of the whole process (main thread and worker), idle and at its peak (VmHWM).`,
    '',
    `| pages | source (acts) | PDF KiB | text chars | pdftotext ms | ingest + parse ms | ratio to pdftotext | detection ms | findings | note generation ms | worker path ms | RSS idle MiB | RSS peak MiB | peak − idle MiB |`,
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.pages ?? '?'} | ${r.name.replace(/\.txt/g, '')} | ${r.kib.toFixed(0)} | ${r.chars} | ${r.pdftotext.toFixed(0)} | ${r.pipeline.toFixed(0)} | ${(r.pipeline / r.pdftotext).toFixed(2)}× | ${r.detect.toFixed(1)} | ${r.findings} | ${r.note.toFixed(1)} | ` +
        `${cell(r.memory, (m) => m.ms.toFixed(0))} | ${cell(r.memory, (m) => mib(m.idleKb))} | ${cell(r.memory, (m) => mib(m.peakKb))} | ${cell(r.memory, (m) => mib(m.peakKb - m.idleKb))} |`,
    ),
  ];
  const failed = rows.filter((r) => typeof r.memory === 'string');
  if (failed.length)
    lines.push(
      '',
      ...failed.map((r) => `Worker memory of ${r.pages ?? '?'} pages not measured: ${String(r.memory)}`),
    );
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (first && last && first !== last) {
    const perPage = (x: number, r: Row): string => (r.pages ? (x / r.pages).toFixed(2) : '?');
    lines.push(
      '',
      `From ${first.pages ?? '?'} to ${last.pages ?? '?'} pages (${(last.chars / first.chars).toFixed(0)}× the text): pdftotext ${(last.pdftotext / first.pdftotext).toFixed(1)}× the time, ` +
        `ingest + parse ${(last.pipeline / first.pipeline).toFixed(1)}×, detection ${(last.detect / first.detect).toFixed(1)}×, note generation ${(last.note / first.note).toFixed(1)}×. ` +
        `Per page: ingest + parse ${perPage(first.pipeline, first)} → ${perPage(last.pipeline, last)} ms, detection ${perPage(first.detect, first)} → ${perPage(last.detect, last)} ms.`,
    );
  }
  const goals: Goal[] = [];
  for (const r of rows) {
    const ratio = r.pipeline / r.pdftotext;
    goals.push({
      what: `ingest + parse at ${r.pages ?? '?'} pages`,
      goal: `≤ ${GOAL_RATIO}× pdftotext`,
      figure: `${ratio.toFixed(2)}× (${r.pipeline.toFixed(0)} ms vs ${r.pdftotext.toFixed(0)} ms)`,
      met: ratio <= GOAL_RATIO,
      by: `${(ratio - GOAL_RATIO).toFixed(2)}× (${(r.pipeline - GOAL_RATIO * r.pdftotext).toFixed(0)} ms)`,
      why:
        `of the ${(r.pipeline - r.pdftotext).toFixed(0)} ms over pdftotext, parse is ${r.parse.toFixed(0)} ms and ingest ` +
        `(pdftotext run from Node, page clean-up, checks) ${(r.pipeline - r.parse - r.pdftotext).toFixed(0)} ms more than pdftotext alone`,
    });
    goals.push({
      what: `note generation at ${r.pages ?? '?'} pages`,
      goal: `< ${GOAL_NOTE_MS} ms`,
      figure: `${r.note.toFixed(0)} ms`,
      met: r.note < GOAL_NOTE_MS,
      by: `${(r.note - GOAL_NOTE_MS).toFixed(0)} ms`,
      why: 'the goal is set for a bill; detection over the whole document is part of the note, and it grows with the text',
    });
  }
  emit({ title, lines, goals });
}

if (require.main === module) {
  const at = process.argv.indexOf('--memory');
  const file = at > 0 ? process.argv[at + 1] : undefined;
  if (file)
    memory(file).then(
      (m) => process.stdout.write(JSON.stringify(m)),
      (e: unknown) => {
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      },
    );
  else void main();
}
