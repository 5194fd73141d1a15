import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../src/ingest/ingest';
import type { PdfEngine } from '../src/ingest/ingest-error';
import { popplerAvailable, readPdfPagesPoppler } from '../src/ingest/read-pdf-poppler';
import { parse } from '../src/parse/parse';
import { projectRoot } from '../src/project-root';
import { actsPdf, BIG_ACTS, pdfPages } from './pdfs';
import { emit, median, type Goal } from './report';

/**
 * Ingest + parse of a 100+ page PDF made from a corpus act, next to poppler's pdftotext on the same file,
 * cold (a fresh process per run) and warm (in-process, after a warm-up), with the ratios, and where the time
 * over pdftotext goes. Prints its section of the report (see report.ts). Never fails on speed.
 */
const ROOT = projectRoot();
const quick = process.argv.includes('--quick');
const REPS = quick ? 5 : 15;
const GOAL_RATIO = 1.5;

function timeProcess(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} failed`);
  return performance.now() - t0;
}

async function warm(bytes: Buffer, engine: PdfEngine): Promise<number> {
  const run = async (): Promise<number> => {
    const t0 = performance.now();
    parse(await ingest(bytes, { pdfEngine: engine }));
    return performance.now() - t0;
  };
  await run();
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) times.push(await run());
  return median(times);
}

interface WarmPoppler {
  /** pdftotext alone (a process per run, output to /dev/null). */
  pdftotext: number;
  /** Our ingest + parse, timed as one. */
  ours: number;
  /** Its parts, each the median of its per-run values: what running pdftotext from Node through a pipe costs
   * over running it alone, the rest of ingest, parse. */
  pipeOver: number;
  ingestRest: number;
  parse: number;
}

/**
 * pdftotext and our pdftotext path measured in turn in the same loop (after a warm-up of both), so a change in
 * the machine's load between them cannot tilt the ratio; medians of REPS.
 */
async function warmPoppler(pdf: string, bytes: Buffer): Promise<WarmPoppler> {
  const runs = {
    pdftotext: [] as number[],
    ours: [] as number[],
    pipeOver: [] as number[],
    ingestRest: [] as number[],
    parse: [] as number[],
  };
  for (let i = 0; i <= REPS; i++) {
    const cli = timeProcess('pdftotext', ['-q', pdf, '-']);
    let t0 = performance.now();
    parse(await ingest(bytes, { pdfEngine: 'poppler' }));
    const ours = performance.now() - t0;
    t0 = performance.now();
    await readPdfPagesPoppler(bytes, 5000, 120_000);
    const pipe = performance.now() - t0;
    t0 = performance.now();
    const source = await ingest(bytes, { pdfEngine: 'poppler' });
    const ingestMs = performance.now() - t0;
    t0 = performance.now();
    parse(source);
    const parseMs = performance.now() - t0;
    if (i === 0) continue;
    runs.pdftotext.push(cli);
    runs.ours.push(ours);
    runs.pipeOver.push(pipe - cli);
    runs.ingestRest.push(ingestMs - pipe);
    runs.parse.push(parseMs);
  }
  return {
    pdftotext: median(runs.pdftotext),
    ours: median(runs.ours),
    pipeOver: median(runs.pipeOver),
    ingestRest: median(runs.ingestRest),
    parse: median(runs.parse),
  };
}

async function main(): Promise<void> {
  const title = 'Ingest and parse: a 100+ page PDF next to pdftotext';
  const pdf = actsPdf(BIG_ACTS[0]?.replace('.txt', '') ?? '', BIG_ACTS);
  if (!pdf) {
    emit({
      title,
      lines: [
        'Not run: needs the corpus (../shared/corpus/dk-laws) and LibreOffice (soffice) to make the PDF once.',
      ],
      goals: [],
    });
    return;
  }
  const bytes = readFileSync(pdf);
  const once = path.join(ROOT, 'dist', 'bench', 'run-pipeline-once.js');
  const rows: { what: string; cold: number; warm: number }[] = [];
  const poppler = popplerAvailable();
  let baseline: { cold: number; warm: number } | null = null;
  let w: WarmPoppler | null = null;
  if (poppler) {
    const first = timeProcess('pdftotext', ['-q', pdf, '-']);
    w = await warmPoppler(pdf, bytes);
    baseline = { cold: first, warm: w.pdftotext };
    rows.push({ what: 'pdftotext (poppler), baseline', ...baseline });
  }
  const engines: PdfEngine[] = poppler ? ['poppler', 'pdfjs'] : ['pdfjs'];
  for (const engine of engines) {
    const cold: number[] = [];
    for (let i = 0; i < Math.max(3, Math.floor(REPS / 3)); i++)
      cold.push(timeProcess(process.execPath, [once, pdf, engine]));
    rows.push({
      what: `Relationstjek ingest + parse, ${engine === 'poppler' ? 'pdftotext path' : 'pure JS (pdf.js)'}`,
      cold: median(cold),
      warm: engine === 'poppler' && w ? w.ours : await warm(bytes, engine),
    });
  }
  const nodeStart = median(
    Array.from({ length: Math.max(3, Math.floor(REPS / 3)) }, () =>
      timeProcess(process.execPath, ['-e', '']),
    ),
  );
  const ratio = (x: number, b: number | undefined): string => (b ? `${(x / b).toFixed(2)}×` : 'n/a');
  const lines = [
    `Input: corpus act \`${BIG_ACTS.join(', ')}\` printed to PDF by LibreOffice (${pdfPages(pdf) ?? '?'} pages, ${(bytes.length / 1024).toFixed(0)} KiB).`,
    `Cold: a fresh process per run (Node start, module load, ingest, parse; pdftotext: first run). Warm: median of ${REPS} runs after a warm-up, ours in-process as in the web app's worker, pdftotext as repeated processes, the two taking turns in one loop.`,
    '',
    '| what | cold ms | warm ms | cold ratio | warm ratio |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.what} | ${r.cold.toFixed(0)} | ${r.warm.toFixed(1)} | ${ratio(r.cold, baseline?.cold)} | ${ratio(r.warm, baseline?.warm)} |`,
    ),
  ];
  const goals: Goal[] = [];
  const ours = rows.find((r) => r.what.includes('pdftotext path'));
  if (!baseline || !ours || !w) {
    lines.push('', 'pdftotext is not installed here: only the pure-JS path was measured, no ratio.');
  } else {
    const over = ours.warm - baseline.warm;
    // Medians of per-run differences; a part within the noise shows as ≈ 0.
    const part = (x: number): string => (x < 0.5 ? '≈ 0' : x.toFixed(0));
    lines.push(
      '',
      `Where the warm time over pdftotext goes (${over.toFixed(0)} ms; medians of per-run differences in the same loop): ` +
        `running pdftotext from Node through pipes instead of alone ${part(w.pipeOver)} ms, ` +
        `the rest of ingest (page clean-up, header and footer removal, checks, hash) ${part(w.ingestRest)} ms, ` +
        `parse (structure, metadata, amendments) ${part(w.parse)} ms. Node's own start-up (\`node -e ""\`) is ${nodeStart.toFixed(0)} ms of every cold run.`,
    );
    const warmRatio = ours.warm / baseline.warm;
    goals.push({
      what: 'ingest + parse, warm (the web app and batch runs)',
      goal: `≤ ${GOAL_RATIO}× pdftotext`,
      figure: `${warmRatio.toFixed(2)}× (${ours.warm.toFixed(0)} ms vs ${baseline.warm.toFixed(0)} ms)`,
      met: warmRatio <= GOAL_RATIO,
      by: `${(warmRatio - GOAL_RATIO).toFixed(2)}× (${(ours.warm - GOAL_RATIO * baseline.warm).toFixed(0)} ms)`,
      why: `over pdftotext: parse ${part(w.parse)} ms, ingest's clean-up ${part(w.ingestRest)} ms, the pipes ${part(w.pipeOver)} ms`,
    });
    const coldRatio = ours.cold / baseline.cold;
    goals.push({
      what: 'ingest + parse, cold (one CLI run in a fresh process)',
      goal: `≤ ${GOAL_RATIO}× pdftotext`,
      figure: `${coldRatio.toFixed(2)}× (${ours.cold.toFixed(0)} ms vs ${baseline.cold.toFixed(0)} ms)`,
      met: coldRatio <= GOAL_RATIO,
      by: `${(coldRatio - GOAL_RATIO).toFixed(2)}× (${(ours.cold - GOAL_RATIO * baseline.cold).toFixed(0)} ms)`,
      why:
        `a fresh Node process costs ${nodeStart.toFixed(0)} ms to start and ${Math.max(0, ours.cold - nodeStart - ours.warm).toFixed(0)} ms more ` +
        'to load the modules and run unoptimised code than the warm run; pdftotext, a C program, starts in a few ms',
    });
  }
  emit({ title, lines, goals });
}

if (require.main === module) void main();
