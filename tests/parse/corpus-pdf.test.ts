import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Provision } from '../../src/domain/legal-document';
import { sectionNodes } from '../../src/domain/provision-tree';
import { ingest } from '../../src/ingest/ingest';
import type { PdfEngine } from '../../src/ingest/ingest-error';
import { popplerAvailable } from '../../src/ingest/read-pdf-poppler';
import { parse } from '../../src/parse/parse';
import { projectRoot } from '../../src/project-root';
import { CORPUS_DIR, hasCorpus } from '../helpers/shared-dir';

/**
 * Real law through the PDF path: every 10th corpus act printed to PDF by LibreOffice (wrapped lines, page
 * breaks), read back by both engines, and compared with the manifest's § headings.
 */
const hasSoffice =
  spawnSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60000 }).error === undefined;
const run = hasCorpus && hasSoffice;
if (!run) console.warn(`SKIPPED: the corpus-as-PDF test needs ${CORPUS_DIR} and LibreOffice (soffice).`);

function sectionLabels(nodes: Provision[]): string[] {
  return sectionNodes(nodes).map((n) => n.label);
}

(run ? describe : describe.skip)('corpus acts as PDF', () => {
  // Per checkout (bench/.cache is git-ignored): two runs side by side never read each other's half-written PDFs.
  const dir = path.join(projectRoot(), 'bench', '.cache', 'corpus-pdf');
  let manifest: { file: string; labels: (string | null)[] }[] = [];

  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    manifest = readFileSync(path.join(CORPUS_DIR, 'manifest.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((_: unknown, i: number) => i % 10 === 0);
    const missing = manifest.filter((m) => !existsSync(path.join(dir, m.file.replace('.txt', '.pdf'))));
    for (const m of missing) copyFileSync(path.join(CORPUS_DIR, m.file), path.join(dir, m.file));
    if (missing.length > 0) {
      execFileSync(
        'soffice',
        [
          '--headless',
          `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          ...missing.map((m) => path.join(dir, m.file)),
        ],
        { stdio: 'ignore', timeout: 300000 },
      );
    }
  }, 300000);

  const engines: PdfEngine[] = popplerAvailable() ? ['poppler', 'pdfjs'] : ['pdfjs'];
  it.each(engines)(
    '%s: the § headings match the manifest for at least 95 %% of 30 acts',
    async (pdfEngine) => {
      const differing: string[] = [];
      for (const m of manifest) {
        const doc = parse(
          await ingest(readFileSync(path.join(dir, m.file.replace('.txt', '.pdf'))), { pdfEngine }),
        );
        const expected = m.labels.filter((l): l is string => l !== null);
        const found = sectionLabels(doc.body);
        if (JSON.stringify(found) !== JSON.stringify(expected)) {
          differing.push(
            `${m.file}: missing ${JSON.stringify(expected.filter((l) => !found.includes(l)).slice(0, 5))}, extra ${JSON.stringify(found.filter((l) => !expected.includes(l)).slice(0, 5))}`,
          );
        }
      }
      console.log(
        `Corpus as PDF (${pdfEngine}): ${manifest.length - differing.length}/${manifest.length} exact${differing.length ? `\n${differing.join('\n')}` : ''}`,
      );
      expect((manifest.length - differing.length) / manifest.length).toBeGreaterThanOrEqual(0.95);
    },
    120000,
  );
});
