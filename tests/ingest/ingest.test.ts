import { ingest } from '../../src/ingest/ingest';
import { IngestError, type IngestErrorCode, type PdfEngine } from '../../src/ingest/ingest-error';
import { popplerAvailable } from '../../src/ingest/read-pdf-poppler';
import { sampleBytes } from '../helpers/samples';

async function errorOf(p: Promise<unknown>): Promise<IngestError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof IngestError) return e;
    throw e;
  }
  throw new Error('expected an IngestError');
}

const engines: PdfEngine[] = popplerAvailable() ? ['poppler', 'pdfjs'] : ['pdfjs'];

describe('ingest', () => {
  it.each(engines)(
    'PDF (%s): text with the page of every character, headers and page numbers gone',
    async (pdfEngine) => {
      const src = await ingest(sampleBytes('lovforslag-aendring.pdf'), { pdfEngine });
      expect(src.format).toBe('pdf');
      expect(src.pages).toHaveLength(10);
      expect(src.pages[0]?.start).toBe(0);
      expect(src.pages.at(-1)?.end).toBe(src.text.length);
      expect(src.text).not.toMatch(/Side \d+ af 10|Folketinget 2025-26\n/);
      expect(src.warnings.map((w) => w.code)).toContain('headers-dropped');
      expect(src.sha256).toMatch(/^[0-9a-f]{64}$/);
    },
  );

  it('DOCX: headings and the summary table arrive as blocks', async () => {
    const src = await ingest(sampleBytes('lovforslag-aendring.docx'));
    expect(src.format).toBe('docx');
    const headings = src.blocks
      .filter((b) => b.kind === 'heading')
      .map((b) => src.text.slice(b.start, b.end));
    expect(headings).toContain('Bemærkninger til lovforslaget');
    const tables = src.blocks.filter((b) => b.kind === 'table');
    expect(tables.length).toBeGreaterThanOrEqual(2);
    for (const t of tables) {
      if (t.kind !== 'table') continue;
      for (const row of t.rows) for (const c of row) expect(src.text.slice(c.start, c.end)).toBe(c.text);
    }
  });

  it('Markdown: headings and pipe tables become blocks, markers go', async () => {
    const src = await ingest(sampleBytes('kommune-politik.md'), { fileName: 'kommune-politik.md' });
    expect(src.format).toBe('markdown');
    expect(src.text).not.toMatch(/^#/m);
    expect(src.blocks.some((b) => b.kind === 'table')).toBe(true);
  });

  it('plain text: form feeds are page breaks', async () => {
    const src = await ingest(Buffer.from('§ 1. Første side.\f§ 2. Anden side.\f§ 3. Tredje.'));
    expect(src.pages.map((p) => src.text.slice(p.start, p.end).trim())).toEqual([
      '§ 1. Første side.',
      '§ 2. Anden side.',
      '§ 3. Tredje.',
    ]);
  });

  const cases: [string, () => Promise<unknown>, IngestErrorCode, RegExp][] = [
    [
      'over the size limit',
      () => ingest(sampleBytes('lovforslag-ny-lov.txt'), { limits: { maxBytes: 1000 } }),
      'too-large',
      /for stor/,
    ],
    ...engines.map((pdfEngine): [string, () => Promise<unknown>, IngestErrorCode, RegExp] => [
      `too many pages (${pdfEngine})`,
      () => ingest(sampleBytes('lovforslag-aendring.pdf'), { limits: { maxPages: 5 }, pdfEngine }),
      'too-many-pages',
      /for mange sider.*Grænsen er 5 sider/,
    ]),
    [
      'too many pages of text',
      () => ingest(Buffer.from('a\f'.repeat(20)), { limits: { maxPages: 5 } }),
      'too-many-pages',
      /for mange sider/,
    ],
    [
      'letters too few to be prose',
      () => ingest(Buffer.from('0x3f 0x1a 0x7e 0x00ff 0x12 0x55 {}[]()#%&/=?+-*1234567890 '.repeat(50))),
      'not-text',
      /bogstaver/,
    ],
    [
      'a DOCX whose parts claim gigabytes (zip bomb)',
      () => ingest(zipBomb(), { limits: { maxBytes: 1024 * 1024 } }),
      'too-large',
      /for stor/,
    ],
    ['whitespace only', () => ingest(Buffer.from(' \n\t\n ')), 'empty-file', /tom/],
  ];
  it.each(cases)('refuses %s with a specific error', async (_name, run, code, message) => {
    const e = await errorOf(run());
    expect(e.code).toBe(code);
    expect(e.da).toMatch(message);
    expect(e.en.length).toBeGreaterThan(20);
  });
});

/** A zip whose central directory says word/document.xml is 4 GB uncompressed; nothing is ever inflated. */
function zipBomb(): Buffer {
  const name = Buffer.from('word/document.xml');
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(0xfffffff0, 24);
  central.writeUInt16LE(name.length, 28);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  const local = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), name]);
  eocd.writeUInt32LE(local.length, 16);
  return Buffer.concat([local, central, name, eocd]);
}
