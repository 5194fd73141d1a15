import type { LegalDocument } from '../../src/domain/legal-document';
import type { PdfEngine } from '../../src/ingest/ingest-error';
import { popplerAvailable } from '../../src/ingest/read-pdf-poppler';
import { allNodes, expected, findNode, parseSample, squash } from '../helpers/samples';

interface ExpectedAmendment {
  paragraph: string;
  item: number;
  operation: string;
  target: string;
  law: string;
  from?: string;
  to?: string;
  inserted?: string;
}

function checkAmendments(doc: LegalDocument, items: ExpectedAmendment[]): void {
  expect(doc.amendments.map((a) => `${a.label}`)).toEqual(items.map((e) => `${e.paragraph}, nr. ${e.item}`));
  for (const e of items) {
    const a = doc.amendments.find((x) => x.label === `${e.paragraph}, nr. ${e.item}`);
    expect({ label: a?.label, operation: a?.operation, target: a?.target, law: a?.targetAct }).toEqual({
      label: `${e.paragraph}, nr. ${e.item}`,
      operation: e.operation,
      target: e.target,
      law: e.law,
    });
    if (e.from !== undefined) expect(squash(a?.oldText ?? '')).toBe(squash(e.from));
    if (e.to !== undefined) expect(squash(a?.newText ?? '')).toBe(squash(e.to));
    if (e.inserted) {
      // The quoted new provision is parsed too, labelled as it will read in the amended act.
      const node = findNode(doc.body, (n) => n.id === a?.id);
      expect(allNodes(node?.children ?? []).map((n) => n.label)).toContainEqual(
        expect.stringContaining(`${e.inserted} (${a?.label})`),
      );
    }
  }
  expect(doc.quality.unclassifiedAmendments).toEqual([]);
}

const engines: PdfEngine[] = popplerAvailable() ? ['poppler', 'pdfjs'] : ['pdfjs'];
const amendingCases: [string, PdfEngine][] = [
  ['lovforslag-aendring.docx', 'auto'],
  ...engines.map((e): [string, PdfEngine] => ['lovforslag-aendring.pdf', e]),
];
const skemaCases: [string, PdfEngine][] = [
  ['lovforslag-aendring.docx', 'auto'],
  ...(popplerAvailable() ? [['lovforslag-aendring.pdf', 'poppler'] as [string, PdfEngine]] : []),
];
if (!popplerAvailable())
  console.warn('pdftotext (poppler-utils) is not installed: PDF samples are tested with pdf.js only.');

describe('amending bill (lovforslag-aendring)', () => {
  const items = expected<ExpectedAmendment[]>('lovforslag-aendring.expected-amendments.json');
  const skema = expected<{ row: string; positive: string; negative: string; merged?: boolean }[]>(
    'lovforslag-aendring.expected-skema.json',
  );

  it.each(amendingCases)(
    '%s (%s): every amendment item has the right operation and target',
    async (file, engine) => {
      const doc = await parseSample(file, engine);
      expect(doc.kind).toBe('dk-bill');
      expect(doc.metadata.isAmendingBill).toBe(true);
      expect(doc.metadata.shortTitle).toBe(
        'Samling af plejecentre, digital visitation og ændrede regler for samlivsforhold m.v.',
      );
      expect(doc.metadata.commencement?.iso).toBe('2026-07-01');
      checkAmendments(doc, items);
    },
  );

  it.each(skemaCases)(
    '%s (%s): reads the Sammenfattende skema as rows × positive/negative',
    async (file, engine) => {
      const doc = await parseSample(file, engine);
      expect(
        doc.summaryTable?.map((r) => ({
          row: r.row,
          positive: r.positive,
          negative: r.negative,
          merged: r.merged ?? false,
        })),
      ).toEqual(
        skema.map((r) => ({
          row: squash(r.row),
          positive: squash(r.positive),
          negative: squash(r.negative),
          merged: r.merged ?? false,
        })),
      );
    },
  );

  it.each(engines)(
    'PDF (%s): a summary-table row is either right or flagged uncertain, never silently wrong',
    async (engine) => {
      const doc = await parseSample('lovforslag-aendring.pdf', engine);
      expect(doc.summaryTable?.map((r) => r.row)).toEqual(skema.map((r) => squash(r.row)));
      doc.summaryTable?.forEach((r, i) => {
        const e = skema[i];
        if (!r.uncertain)
          expect([r.positive, r.negative]).toEqual([squash(e?.positive ?? ''), squash(e?.negative ?? '')]);
      });
      const uncertain = doc.summaryTable?.filter((r) => r.uncertain).length ?? 0;
      if (uncertain > 0)
        expect(doc.quality.notes.map((n) => n.da).join(' ')).toContain('kolonnerne kunne ikke adskilles');
    },
  );

  it('recognises the consequence sections, special remarks and the annex', async () => {
    const doc = await parseSample('lovforslag-aendring.docx');
    expect(doc.consequenceSections.map((c) => c.topic)).toEqual([
      'economic-public',
      'economic-business',
      'administrative-citizens',
      'climate',
      'environment',
      'equality',
      'eu-law',
      'consulted',
      'summary-table',
    ]);
    const special = findNode(doc.body, (n) => n.kind === 'remarks-special');
    const refersTo = allNodes(special?.children ?? []).map((n) => n.refersTo);
    expect(refersTo).toEqual(
      expect.arrayContaining(['p1', 'p1/nr1', 'p1/nr11', 'p2', 'p2/nr3', 'p3', 'p4', 'p5']),
    );
    // Every remark that explains an item points at a node that exists.
    const ids = new Set(allNodes(doc.body).map((n) => n.id));
    for (const r of refersTo) if (r) expect(ids).toContain(r);
    expect(doc.body.at(-1)).toMatchObject({ kind: 'annex', label: 'Bilag 1' });
  });

  it('the PDF knows the page of each amendment', async () => {
    const doc = await parseSample('lovforslag-aendring.pdf');
    expect(doc.pages.length).toBe(10);
    expect(doc.amendments[0]?.page).toBe(1);
    const remarks = findNode(doc.body, (n) => n.kind === 'remarks');
    expect(remarks?.page).toBeGreaterThan(1);
    expect(doc.text).not.toMatch(/Side \d+ af 10/);
  });
});

describe('bill for a new act (lovforslag-ny-lov.txt)', () => {
  const exp = expected<{
    title: string;
    paragraphs: string[];
    chapters: { label: string; title: string; paragraphs: string[] }[];
    stk: Record<string, number>;
    litra: { paragraph: string; stk: number; nr: number; letters: string[] };
    specialRemarks: string[];
  }>('lovforslag-ny-lov.expected-labels.json');

  it('finds chapters, sections, subsections, points and litra', async () => {
    const doc = await parseSample('lovforslag-ny-lov.txt');
    expect(doc.kind).toBe('dk-bill');
    expect(doc.metadata.title).toContain(exp.title);
    const chapters = doc.body.filter((n) => n.kind === 'chapter');
    expect(
      chapters.map((c) => ({ label: c.label, title: c.heading, paragraphs: c.children.map((s) => s.label) })),
    ).toEqual(exp.chapters);
    for (const [label, count] of Object.entries(exp.stk)) {
      const section = findNode(doc.body, (n) => n.kind === 'section' && n.label === label);
      const stk = section?.children.filter((c) => c.kind === 'subsection').length ?? 0;
      expect([label, Math.max(stk, 1)]).toEqual([label, count]);
    }
    const { paragraph, stk, nr, letters } = exp.litra;
    const point = findNode(doc.body, (n) => n.label === `${paragraph}, stk. ${stk}, nr. ${nr}`);
    expect(point?.children.map((c) => c.label)).toEqual(
      letters.map((l) => `${paragraph}, stk. ${stk}, nr. ${nr}, litra ${l}`),
    );
    const special = findNode(doc.body, (n) => n.kind === 'remarks-special');
    expect(special?.children.map((c) => c.heading)).toEqual(exp.specialRemarks);
  });
});

describe('HTML bill (lovforslag-som-fremsat.html)', () => {
  const exp = expected<{
    title: string;
    amendments: ExpectedAmendment[];
    mustNotAppearInText: string[];
    normalisation: { softHyphenWords: string[]; zeroWidthJoinerWords: string[] };
  }>('lovforslag-som-fremsat.expected.json');

  it('drops navigation and scripts, cleans invisible characters and parses the amendments', async () => {
    const doc = await parseSample('lovforslag-som-fremsat.html');
    expect(doc.format).toBe('html');
    expect(doc.metadata.title).toContain(exp.title);
    for (const s of exp.mustNotAppearInText) expect(doc.text).not.toContain(s);
    for (const w of [...exp.normalisation.softHyphenWords, ...exp.normalisation.zeroWidthJoinerWords])
      expect(doc.text).toContain(w);
    expect(doc.text).not.toMatch(/[\u00AD\u200B-\u200D\u00A0]/);
    checkAmendments(doc, exp.amendments);
  });
});

describe('UK bill (uk-bill.txt)', () => {
  const exp = expected<{
    parts: { number: number; title: string; clauses: number[] }[];
    clauses: { number: number; title: string; subsections: number }[];
    nestedPointExample: { clause: number; subsection: number; paragraph: string; subparagraphs: string[] };
    schedules: { number: number; title: string; paragraphs: number[] }[];
  }>('uk-bill.expected.json');

  it('finds Parts, clauses with (1), (a), (i), Schedules and Explanatory Notes', async () => {
    const doc = await parseSample('uk-bill.txt');
    expect(doc).toMatchObject({ kind: 'uk-bill', language: 'en' });
    const parts = doc.body.filter((n) => n.kind === 'part');
    expect(
      parts.map((p) => ({
        number: Number(p.number),
        title: p.heading,
        clauses: p.children.filter((c) => c.kind === 'section').map((c) => Number(c.number)),
      })),
    ).toEqual(exp.parts);
    const clauses = parts.flatMap((p) => p.children).filter((c) => c.kind === 'section');
    expect(
      clauses.map((c) => ({ number: Number(c.number), title: c.heading, subsections: c.children.length })),
    ).toEqual(exp.clauses);
    const { clause, subsection, paragraph, subparagraphs } = exp.nestedPointExample;
    const para = findNode(doc.body, (n) => n.label === `clause ${clause}(${subsection})(${paragraph})`);
    expect(para?.children.map((c) => c.label)).toEqual(
      subparagraphs.map((s) => `clause ${clause}(${subsection})(${paragraph})(${s})`),
    );
    expect(
      doc.body
        .filter((n) => n.kind === 'schedule')
        .map((s) => ({
          number: Number(s.number),
          title: s.heading,
          paragraphs: s.children.filter((c) => c.kind === 'paragraph').map((c) => Number(c.number)),
        })),
    ).toEqual(exp.schedules);
    expect(doc.body.at(-1)?.kind).toBe('explanatory-notes');
  });
});

describe('municipal documents', () => {
  it('agenda item: the case sections as an outline', async () => {
    const doc = await parseSample('kommune-dagsordenspunkt.docx');
    expect(doc.kind).toBe('municipal-agenda-item');
    expect(doc.metadata.authority).toBe('Fjordby Kommune');
    const labels = allNodes(doc.body)
      .filter((n) => n.kind === 'heading')
      .map((n) => n.label);
    expect(labels).toEqual(
      expect.arrayContaining(['Sagsfremstilling', 'Baggrund', 'Økonomi', 'Indstilling', 'Bilag']),
    );
    expect(labels.some((l) => l.startsWith('Beslutning i Kultur- og Fritidsudvalget'))).toBe(true);
    expect(doc.quality.unclassified).toEqual([]);
  });

  it('policy: the heading outline of a Markdown strategy', async () => {
    const doc = await parseSample('kommune-politik.md');
    expect(doc.kind).toBe('municipal-policy');
    const top = doc.body.filter((n) => n.kind === 'heading');
    expect(top[0]?.label).toMatch(/^Ældrepolitik/);
    expect(allNodes(top).filter((n) => n.kind === 'heading').length).toBeGreaterThan(5);
  });
});
