import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LegalDocument, Provision } from '../../src/domain/legal-document';
import type { PdfEngine } from '../../src/ingest/ingest-error';
import { popplerAvailable } from '../../src/ingest/read-pdf-poppler';
import { projectRoot } from '../../src/project-root';
import { parseSample, squash } from '../helpers/samples';

const GOLDEN_DIR = path.join(projectRoot(), 'tests', 'golden');

function clip(s: string, n = 70): string {
  const t = squash(s);
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

/** What a reviewer reads in a golden file: the tree with labels and the words each node starts with, no offsets. */
function outline(doc: LegalDocument, nodes: Provision[]): unknown[] {
  return nodes.map((n) => ({
    id: n.id,
    kind: n.kind,
    label: n.label,
    ...(n.heading ? { heading: n.heading } : {}),
    ...(n.refersTo ? { refersTo: n.refersTo } : {}),
    page: n.page,
    starts: clip(doc.text.slice(n.start, n.end), 50),
    ...(n.children.length ? { children: outline(doc, n.children) } : {}),
  }));
}

export function goldenView(doc: LegalDocument): unknown {
  return {
    kind: doc.kind,
    language: doc.language,
    format: doc.format,
    pages: doc.pages.length,
    metadata: {
      ...doc.metadata,
      referencedActs: doc.metadata.referencedActs.map(({ start: _s, end: _e, ...a }) => a),
      dates: doc.metadata.dates.map((d) => `${d.text} (${d.role})`),
    },
    outline: outline(doc, doc.body),
    amendments: doc.amendments.map((a) => ({
      label: a.label,
      operation: a.operation,
      target: a.target,
      targetAct: a.targetAct,
      instruction: a.instruction,
      ...(a.oldText !== undefined ? { oldText: clip(a.oldText) } : {}),
      ...(a.newText !== undefined ? { newText: clip(a.newText) } : {}),
      ...(a.renumbering.length ? { renumbering: a.renumbering } : {}),
      page: a.page,
    })),
    consequenceSections: doc.consequenceSections,
    summaryTable: doc.summaryTable?.map(({ start: _s, end: _e, ...r }) => r),
    quality: {
      classifiedShare: Math.round(doc.quality.classifiedShare * 1000) / 1000,
      unclassified: doc.quality.unclassified.map((u) => ({
        page: u.page,
        reason: u.reason,
        text: clip(doc.text.slice(u.start, u.end)),
      })),
      unclassifiedAmendments: doc.quality.unclassifiedAmendments,
      notes: doc.quality.notes.map((n) => n.da),
    },
  };
}

const cases: [string, PdfEngine, string][] = [
  ['lovforslag-aendring.docx', 'auto', 'lovforslag-aendring.docx.json'],
  ['lovforslag-aendring.pdf', 'pdfjs', 'lovforslag-aendring.pdf.pdfjs.json'],
  ...(popplerAvailable()
    ? [
        ['lovforslag-aendring.pdf', 'poppler', 'lovforslag-aendring.pdf.poppler.json'] as [
          string,
          PdfEngine,
          string,
        ],
      ]
    : []),
  ['lovforslag-ny-lov.txt', 'auto', 'lovforslag-ny-lov.txt.json'],
  ['lovforslag-som-fremsat.html', 'auto', 'lovforslag-som-fremsat.html.json'],
  ['kommune-dagsordenspunkt.docx', 'auto', 'kommune-dagsordenspunkt.docx.json'],
  ['kommune-politik.md', 'auto', 'kommune-politik.md.json'],
  ['uk-bill.txt', 'auto', 'uk-bill.txt.json'],
];

describe('golden parses of the good samples (UPDATE_GOLDEN=1 rewrites them; review the diff)', () => {
  it.each(cases)('%s (%s)', async (file, engine, golden) => {
    const view = goldenView(await parseSample(file, engine));
    const goldenPath = path.join(GOLDEN_DIR, golden);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenPath)) {
      writeFileSync(goldenPath, `${JSON.stringify(view, null, 2)}\n`);
    }
    expect(view).toEqual(JSON.parse(readFileSync(goldenPath, 'utf8')));
  });
});
