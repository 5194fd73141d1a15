import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingest } from '../src/ingest/ingest';
import type { PdfEngine } from '../src/ingest/ingest-error';
import { popplerAvailable } from '../src/ingest/read-pdf-poppler';
import { parse } from '../src/parse/parse';
import { projectRoot } from '../src/project-root';
import { CORPUS_DIR } from './corpus';
import { detectionBench } from './detection-vs-naive';
import { noteBench } from './note-generation';

/**
 * Ingest + parse of a 100+ page PDF made from a corpus act, next to poppler's pdftotext on the same file,
 * cold (a fresh process per run) and warm (in-process, after a warm-up), with the ratios. Prints a table and
 * writes docs/benchmarks.md. Never fails on speed: the figures are for people to read.
 */
const ROOT = projectRoot();
const CACHE = path.join(ROOT, 'bench', '.cache');
const CORPUS = CORPUS_DIR;
const ACT = '2020_477.txt';
const quick = process.argv.includes('--quick');
const REPS = quick ? 5 : 15;

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function hasCommand(cmd: string, arg = '--version'): boolean {
  const r = spawnSync(cmd, [arg], { stdio: 'ignore', timeout: 20000 });
  return r.error === undefined;
}

/** The act as HTML in a 15 pt font, printed by LibreOffice: the longest corpus act becomes 100+ pages. */
function makePdf(): string | null {
  mkdirSync(CACHE, { recursive: true });
  const pdf = path.join(CACHE, ACT.replace('.txt', '.pdf'));
  if (existsSync(pdf)) return pdf;
  const source = path.join(CORPUS, ACT);
  if (!existsSync(source) || !hasCommand('soffice')) return null;
  const html = path.join(CACHE, ACT.replace('.txt', '.html'));
  const paragraphs = readFileSync(source, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join('\n');
  writeFileSync(
    html,
    `<!doctype html><html lang="da"><head><meta charset="utf-8"><style>p{font-size:15pt;font-family:serif}</style></head><body>${paragraphs}</body></html>`,
  );
  execFileSync(
    'soffice',
    [
      '--headless',
      `-env:UserInstallation=file://${path.join(CACHE, 'lo-profile')}`,
      '--infilter=HTML (StarWriter)',
      '--convert-to',
      'pdf:writer_pdf_Export',
      '--outdir',
      CACHE,
      html,
    ],
    { stdio: 'ignore', timeout: 300000 },
  );
  return existsSync(pdf) ? pdf : null;
}

function pages(pdf: string): string {
  if (!hasCommand('pdfinfo', '-v')) return '?';
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return /Pages:\s+(\d+)/.exec(info)?.[1] ?? '?';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

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

async function main(): Promise<void> {
  const pdf = makePdf();
  if (!pdf) {
    console.log(
      `No benchmark PDF: needs ${path.join(CORPUS, ACT)} and LibreOffice (soffice) to make it once into bench/.cache/.`,
    );
    return;
  }
  const bytes = readFileSync(pdf);
  const once = path.join(ROOT, 'dist', 'bench', 'run-pipeline-once.js');
  const rows: { what: string; cold: number; warm: number }[] = [];
  const poppler = popplerAvailable();
  let baseline: { cold: number; warm: number } | null = null;
  if (poppler) {
    const first = timeProcess('pdftotext', ['-q', pdf, '-']);
    const again: number[] = [];
    for (let i = 0; i < REPS; i++) again.push(timeProcess('pdftotext', ['-q', pdf, '-']));
    baseline = { cold: first, warm: median(again) };
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
      warm: await warm(bytes, engine),
    });
  }
  const ratio = (x: number, b: number | undefined): string => (b ? `${(x / b).toFixed(2)}×` : 'n/a');
  const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const lines = [
    `# Benchmarks`,
    '',
    '## Ingest and parse',
    '',
    `Generated by \`npm run bench\`${quick ? ' (--quick)' : ''} on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.`,
    '',
    `Input: corpus act \`${ACT}\` printed to PDF by LibreOffice (${pages(pdf)} pages, ${(bytes.length / 1024).toFixed(0)} KiB).`,
    `Cold: a fresh process per run (Node start, module load, ingest, parse; pdftotext: first run). Warm: median of ${REPS} runs (in-process after a warm-up; pdftotext: repeated processes). Goal: whole pipeline ≤ 1.5× pdftotext.`,
    '',
    '| what | cold ms | warm ms | cold ratio | warm ratio |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.what} | ${r.cold.toFixed(0)} | ${r.warm.toFixed(1)} | ${ratio(r.cold, baseline?.cold)} | ${ratio(r.warm, baseline?.warm)} |`,
    ),
    '',
    poppler ? '' : 'pdftotext is not installed here: only the pure-JS path was measured, no ratio.',
  ];
  try {
    lines.push('', '## Detection', '', ...(await detectionBench('dk-lovforslag', quick ? 1 : 5)));
  } catch (e) {
    lines.push('', `Detection benchmark not run: ${(e as Error).message.split('\n')[0]}`);
  }
  lines.push('', '## Note generation', '', ...(await noteBench(quick ? 5 : 20)));
  const report = `${lines.join('\n').trimEnd()}\n`;
  process.stdout.write(report);
  if (!quick) writeFileSync(path.join(ROOT, 'docs', 'benchmarks.md'), report);
}

void main();
