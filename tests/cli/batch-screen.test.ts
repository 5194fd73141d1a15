import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXIT } from '../../src/cli/main';
import { journalPath, readJournal } from '../../src/cli/batch-screen';
import { cli } from '../helpers/cli';
import { SAMPLES_DIR } from '../helpers/samples';
import { CORPUS_DIR, hasCorpus } from '../helpers/shared-dir';

interface Doc {
  file: string;
  sha256: string;
  ms: number;
  ok: boolean;
  title?: string;
  kind?: string;
  relevance?: { suggestion: string; confidence: number };
  topThemes?: { title: string }[];
  topEvidence?: { label: string; quote: string };
  error?: { code: string; da: string };
}

interface Report {
  schema: string;
  summary: { documents: number; relevant: number; unknown: number; notRelevant: number; failed: number };
  run: { processed: number; reused: number; documentsPerSecond: number };
  documents: Doc[];
}

const GOOD = ['kommune-politik.md', 'lovforslag-ny-lov.txt', 'lovforslag-som-fremsat.html', 'uk-bill.txt'];
const BAD = ['binaer.txt', 'tom.txt'];
const SCRIPT_TITLE = 'script-titel.md';
const ALL = [...GOOD, ...BAD, SCRIPT_TITLE].sort();

let root: string;
let dir: string;
const out = (name: string): string => path.join(root, name);
const screen = (...args: string[]): ReturnType<typeof cli> => cli('screen', ...args, '--workers', '2');
const readReport = (file: string): Report => JSON.parse(fs.readFileSync(file, 'utf8')) as Report;
const withoutTimes = (docs: Doc[]): Omit<Doc, 'ms'>[] => docs.map(({ ms: _ms, ...rest }) => rest);

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'relationstjek-batch-'));
  dir = path.join(root, 'in');
  fs.mkdirSync(dir);
  for (const f of GOOD) fs.copyFileSync(path.join(SAMPLES_DIR, f), path.join(dir, f));
  for (const f of BAD) fs.copyFileSync(path.join(SAMPLES_DIR, 'bad', f), path.join(dir, f));
  fs.copyFileSync(path.join(SAMPLES_DIR, 'bad', 'billede.png'), path.join(dir, 'billede.png')); // not a document type
  fs.writeFileSync(
    path.join(dir, SCRIPT_TITLE),
    '# Politik for <script>alert(1)</script> & fællesskab\n\nFjordby Kommune vil styrke fællesskaber og besøg på plejecentre.\n',
  );
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('relationstjek screen --batch', () => {
  let first: Report;

  it('screens a folder into a JSON report: every document once, bad files as rows with their Danish error', async () => {
    const r = await screen('--batch', dir, '--out', out('r.json'));
    expect(r.code).toBe(EXIT.ok);
    first = readReport(out('r.json'));
    expect(first.schema).toBe('relationstjek/batch@1');
    expect(first.documents.map((d) => path.basename(d.file))).toEqual(ALL);
    expect(first.summary).toEqual({ documents: 7, relevant: 4, unknown: 0, notRelevant: 1, failed: 2 });
    expect(first.run).toMatchObject({ processed: 7, reused: 0 });
    const byName = new Map(first.documents.map((d) => [path.basename(d.file), d]));
    expect(byName.get('tom.txt')).toMatchObject({ ok: false, error: { code: 'empty-file' } });
    expect(byName.get('tom.txt')?.error?.da).toMatch(/^Filen er tom \(0 byte\)/);
    expect(byName.get('binaer.txt')?.error?.da).toMatch(/ikke læsbar tekst \(binære data/);
    expect(byName.get('lovforslag-ny-lov.txt')).toMatchObject({
      ok: true,
      title: 'Forslag til Lov om lokale fællesskabshuse',
      kind: 'dk-bill',
      ruleset: { id: 'dk-lovforslag' },
      relevance: { suggestion: 'relevant' },
    });
    expect(byName.get('lovforslag-ny-lov.txt')?.topThemes?.[0]?.title).toMatch(/mødesteder/);
    expect(byName.get('lovforslag-ny-lov.txt')?.topEvidence?.label).toMatch(/^§ \d+/);
    // The ruleset is chosen per document kind: the UK bill gets the English one.
    expect(byName.get('uk-bill.txt')).toMatchObject({ ruleset: { id: 'uk-family-test' } });
    expect(byName.get('kommune-politik.md')).toMatchObject({ ruleset: { id: 'dk-kommune' } });
    expect(r.err).toMatch(/behandlet: 7, genbrugt: 0/);
    expect(r.err).toMatch(/dokumenter\/s/);
    expect(r.out).toBe('');
    // One journal line per document, written as each finished.
    expect(
      fs
        .readFileSync(journalPath(out('r.json')), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(7);
  });

  it('writes CSV: a header and one row per document, bad files with their Danish message', async () => {
    fs.copyFileSync(journalPath(out('r.json')), journalPath(out('r.csv'))); // the report is built from the journal
    const r = await screen('--batch', dir, '--out', out('r.csv'));
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toMatch(/behandlet: 0, genbrugt: 7/);
    const text = fs.readFileSync(out('r.csv'), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([
      'file',
      'title',
      'kind',
      'ruleset',
      'relevance',
      'confidence',
      'top_themes',
      'evidence_label',
      'evidence_quote',
      'error_code',
      'error',
    ]);
    expect(rows.map((row) => path.basename(row[0] ?? ''))).toEqual(ALL);
    expect(rows.every((row) => row.length === header?.length)).toBe(true);
    const tom = rows.find((row) => row[0]?.endsWith('tom.txt'));
    expect(tom?.[9]).toBe('empty-file');
    expect(tom?.[10]).toMatch(/^Filen er tom \(0 byte\)/);
    const bill = rows.find((row) => row[0]?.endsWith('lovforslag-ny-lov.txt'));
    expect(bill?.slice(1, 5)).toEqual([
      'Forslag til Lov om lokale fællesskabshuse',
      'dk-bill',
      'dk-lovforslag@1.0.0',
      'relevant',
    ]);
    expect(bill?.[7]).toMatch(/^§ \d+/);
    expect(bill?.[8]?.length).toBeGreaterThan(20);
  });

  it('writes a standalone, escaped, accessible HTML overview in Danish', async () => {
    fs.copyFileSync(journalPath(out('r.json')), journalPath(out('r.html')));
    const r = await screen('--batch', dir, '--out', out('r.html'));
    expect(r.code).toBe(EXIT.ok);
    const html = fs.readFileSync(out('r.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="da">/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Politik for &lt;script&gt;alert(1)&lt;/script&gt; &amp; fællesskab');
    expect(html).toMatch(/<caption>Alle 7 dokumenter/);
    expect(html.match(/<th scope="col">/g)).toHaveLength(7);
    for (const name of ALL)
      expect(
        html.match(new RegExp(`<th scope="row">[^<]*${name.replace('.', '\\.')}</th>`, 'g')),
      ).toHaveLength(1);
    expect(html).toContain('<dt>Dokumenter</dt><dd>7</dd>');
    expect(html).toContain('<dt>Relevante</dt><dd>4</dd>');
    expect(html).toContain('<dt>Uafklarede</dt><dd>0</dd>');
    expect(html).toContain('<dt>Ikke relevante</dt><dd>1</dd>');
    expect(html).toContain('<dt>Kunne ikke læses</dt><dd>2</dd>');
    expect(html).toMatch(/<strong>Fejl:<\/strong> Filen er tom \(0 byte\)/);
    expect(html).toContain('<mark>');
    expect(html).not.toContain('billede.png');
  });

  it('resumes after a kill: only the documents missing from the journal are screened again', async () => {
    const journal = journalPath(out('r.json'));
    const lines = fs.readFileSync(journal, 'utf8').split('\n');
    // Killed after three documents, in the middle of writing the fourth line.
    fs.writeFileSync(journal, `${lines.slice(0, 3).join('\n')}\n${(lines[3] ?? '').slice(0, 40)}`);
    const r = await screen('--batch', dir, '--out', out('r.json'));
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toMatch(/behandlet: 4, genbrugt: 3/);
    const again = readReport(out('r.json'));
    expect(again.run).toMatchObject({ processed: 4, reused: 3 });
    expect(withoutTimes(again.documents)).toEqual(withoutTimes(first.documents));
    expect(readJournal(journal).size).toBe(7);
    // And a run with nothing left to do screens nothing.
    const done = await screen('--batch', dir, '--out', out('r.json'));
    expect(done.err).toMatch(/behandlet: 0, genbrugt: 7/);
  });

  it('screens a changed file again (its sha256 differs) and reuses the rest', async () => {
    const file = path.join(dir, 'kommune-politik.md');
    fs.appendFileSync(file, '\nKommunen lukker medborgerhuset i Vestbyen.\n');
    const r = await screen('--batch', dir, '--out', out('r.json'));
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toMatch(/behandlet: 1, genbrugt: 6/);
    const doc = readReport(out('r.json')).documents.find((d) => d.file === file);
    expect(doc?.sha256).toBe(createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
  });

  it('reads a list: relative to the list, comments skipped, a missing file becomes a row', async () => {
    const list = path.join(root, 'liste.txt');
    fs.writeFileSync(list, '# lovforslag i samlingen\nin/lovforslag-ny-lov.txt\n\nin/findes-ikke.txt\n');
    const r = await screen('--batch', list, '--out', out('liste.json'));
    expect(r.code).toBe(EXIT.ok);
    const report = readReport(out('liste.json'));
    expect(report.documents.map((d) => d.file)).toEqual([
      path.join(root, 'in', 'lovforslag-ny-lov.txt'),
      path.join(root, 'in', 'findes-ikke.txt'),
    ]);
    expect(report.documents[1]).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(report.documents[1]?.error?.da).toMatch(/^Filen findes ikke/);
  });

  it.each([
    [
      'a missing folder',
      () => ['--batch', path.join(root, 'findes-ikke'), '--out', out('x.json')],
      /Fejl: --batch: mappen eller listen findes ikke/,
    ],
    [
      'an empty list',
      () => ['--batch', writeFile('tom-liste.txt', '# intet\n\n'), '--out', out('x.json')],
      /Fejl: --batch: listen .* er tom/,
    ],
    [
      'a list of nothing that exists',
      () => ['--batch', writeFile('forkert.txt', 'Lov om noget\n'), '--out', out('x.json')],
      /ingen af de 1 linjer/,
    ],
    [
      'a folder without documents',
      () => ['--batch', emptyDir(), '--out', out('x.json')],
      /indeholder ingen dokumenter/,
    ],
    [
      'a document instead of a folder',
      () => ['--batch', path.join(dir, 'kommune-politik.md'), '--out', out('x.json')],
      /ikke et dokument/,
    ],
    [
      'an unknown report format',
      () => ['--batch', dir, '--out', out('x.pdf')],
      /--out skal ende på \.json, \.csv eller \.html/,
    ],
    ['--batch without --out', () => ['--batch', dir], /--batch kræver --out/],
    [
      'files and --batch together',
      () => [path.join(dir, 'uk-bill.txt'), '--batch', dir, '--out', out('x.json')],
      /enten filer eller --batch/,
    ],
    [
      'an unknown ruleset',
      () => ['--batch', dir, '--out', out('x.json'), '--ruleset', 'findes-ikke'],
      /regelsættet "findes-ikke" findes ikke/,
    ],
  ])('%s is bad input (exit 2, Danish message, no report)', async (_what, args, message) => {
    const r = await screen(...args());
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(out('x.json'))).toBe(false);
  });

  it('--out without --batch is bad input', async () => {
    const r = await cli('screen', path.join(dir, 'uk-bill.txt'), '--out', out('x.json'));
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toMatch(/bruges kun sammen med --batch/);
  });

  it('screen without files or --batch is bad input', async () => {
    const r = await cli('screen');
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toMatch(/angiv mindst ét dokument eller --batch/);
  });
});

function writeFile(name: string, text: string): string {
  const file = path.join(root, name);
  fs.writeFileSync(file, text);
  return file;
}

function emptyDir(): string {
  const d = path.join(root, 'tom-mappe');
  fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(d, 'noter.jsonl'), '{}\n');
  return d;
}

const describeCorpus = hasCorpus ? describe : describe.skip;
if (!hasCorpus) {
  console.warn(`SKIPPED: the batch corpus test needs ${CORPUS_DIR} (../shared beside the checkout).`);
}

describeCorpus('relationstjek screen --batch on acts from ../shared/corpus/dk-laws', () => {
  it('reports every listed act once, with the title of the manifest', async () => {
    const manifest = fs
      .readFileSync(path.join(CORPUS_DIR, 'manifest.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; title: string })
      .slice(0, 30);
    const list = writeFile('love.txt', manifest.map((m) => path.join(CORPUS_DIR, m.file)).join('\n'));
    const r = await screen('--batch', list, '--out', out('love.json'), '--ruleset', 'dk-lovforslag');
    expect(r.code).toBe(EXIT.ok);
    const report = readReport(out('love.json'));
    expect(report.summary.documents).toBe(30);
    expect(report.summary.failed).toBe(0);
    expect(report.documents.map((d) => [path.basename(d.file), d.title])).toEqual(
      manifest.map((m) => [m.file, m.title]),
    );
  });
});
