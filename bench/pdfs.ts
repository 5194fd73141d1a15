import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/project-root';
import { CORPUS_DIR } from './corpus';

/**
 * Benchmark PDFs: corpus acts printed by LibreOffice, made once and cached in bench/.cache/ (not in git).
 */
export const CACHE = path.join(projectRoot(), 'bench', '.cache');

/** The 140-page PDF of the pipeline and web-load benchmarks. */
export const BIG_ACTS = ['2020_477.txt'];

/**
 * The documents of the scaling benchmark, about 10, 100 and 500 pages (the exact counts come from pdfinfo):
 * one short act, one long act, and five long acts one after another.
 */
export const SCALE_SETS: { name: string; acts: string[] }[] = [
  { name: 'scale-10', acts: ['2021_1341.txt'] },
  { name: 'scale-100', acts: ['2023_53.txt'] },
  {
    name: 'scale-500',
    acts: ['2020_477.txt', '2022_1360.txt', '2023_53.txt', '2017_187.txt', '2018_485.txt'],
  },
];

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function hasCommand(cmd: string, arg = '--version'): boolean {
  const r = spawnSync(cmd, [arg], { stdio: 'ignore', timeout: 20000 });
  return r.error === undefined;
}

/**
 * The acts as HTML in a 15 pt font, printed to `name`.pdf by LibreOffice (the longest corpus act alone becomes
 * 140 pages). Returns the cached file when it exists, null when the corpus or LibreOffice is missing.
 */
export function actsPdf(name: string, acts: string[]): string | null {
  mkdirSync(CACHE, { recursive: true });
  const pdf = path.join(CACHE, `${name}.pdf`);
  if (existsSync(pdf)) return pdf;
  const sources = acts.map((a) => path.join(CORPUS_DIR, a));
  if (sources.some((s) => !existsSync(s)) || !hasCommand('soffice')) return null;
  const html = path.join(CACHE, `${name}.html`);
  const paragraphs = sources
    .flatMap((s) => readFileSync(s, 'utf8').split('\n'))
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
    { stdio: 'ignore', timeout: 600_000 },
  );
  rmSync(html, { force: true });
  return existsSync(pdf) ? pdf : null;
}

/** Page count by pdfinfo, or undefined without it. */
export function pdfPages(pdf: string): number | undefined {
  const r = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  const m = /Pages:\s+(\d+)/.exec(r.stdout);
  return m ? Number(m[1]) : undefined;
}
