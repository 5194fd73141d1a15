import fc from 'fast-check';
import JSZip from 'jszip';
import { detect } from '../../src/detect/detect';
import type { LegalDocument, Provision } from '../../src/domain/legal-document';
import type { Findings } from '../../src/domain/findings';
import { ingest } from '../../src/ingest/ingest';
import { IngestError } from '../../src/ingest/ingest-error';
import { parse } from '../../src/parse/parse';
import { loadRulesetById } from '../../src/rulesets/load-ruleset';
import { sourceOf } from '../helpers/source-of';

// tests/parse/parse-properties.test.ts checks the parse tree's invariants on short inputs; this file runs the
// whole pipeline (parse → detect with the real ruleset, and bytes → ingest) on longer, hostile inputs.

const ruleset = loadRulesetById('dk-lovforslag');
/** The ruleset's own words, so the detector finds something and builds evidence, not only empty results. */
const TERMS = ruleset.lexicons.flatMap((l) => l.entries.map((e) => e.term));

const LEGAL = [
  '§ 1.',
  '§ 2',
  '§ 83 b.',
  '§§ 4-6.',
  '§1',
  'Stk. 2.',
  'Stk. 3 .',
  'nr. 3)',
  '1)',
  '2)',
  'a)',
  '»',
  '«',
  '1.',
  '12.',
  'I lov nr. 117 af 3. februar 2025 om social service foretages følgende ændringer:',
  'I lov om almene boliger, jf. lovbekendtgørelse nr. 1203 af 3. oktober 2023, foretages følgende ændring:',
  'affattes således:',
  'Efter § 83 a indsættes:',
  'ophæves.',
  'ændres »skal« til »kan«.',
  'Overalt i loven ændres',
  'Stk. 2-5 bliver herefter stk. 3-6.',
  'Loven træder i kraft den 1. juli 2026.',
  'Forslag',
  'til',
  'Lov om ændring af lov om social service',
  'Kapitel 1',
  'Kapitel 2 a',
  'Almindelige bemærkninger',
  'Specielle bemærkninger',
  'Bemærkninger til lovforslaget',
  'Til § 1',
  'Til nr. 2',
  '2.1. Gældende ret',
  'Bilag 1',
  'Sammenfattende skema',
  'Positive konsekvenser/mindreudgifter',
  '\t',
];
const UNICODE = [
  '\u00a0', // no-break space
  '\u200b', // zero-width space
  '\ufeff', // BOM in the middle
  '\u00ad', // soft hyphen
  '\u202e', // right-to-left override
  'a\u0301', // combining accent
  'Æ',
  'ø',
  'å',
  '🙂',
  '\ud800', // a lone surrogate
  '\u2028',
  '–',
  '—',
  '§§§',
  '\f',
  '\r\n',
  '\r',
];
const SEPARATORS = [' ', ' ', ' ', '\n', '\n', '\n\n', '', '-\n'];

/** Up to 20 KB of legal fragments, ruleset words, odd characters and noise in any order. */
const legalMix = fc
  .array(
    fc.tuple(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...LEGAL) },
        { weight: 3, arbitrary: fc.constantFrom(...TERMS) },
        { weight: 2, arbitrary: fc.constantFrom(...UNICODE) },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
      ),
      fc.constantFrom(...SEPARATORS),
    ),
    // 'max': lengths spread over the whole range, not fast-check's default of a few elements.
    { maxLength: 1500, size: 'max' },
  )
  .map((parts) => parts.map(([p, s]) => p + s).join(''))
  .map((s) => s.slice(0, 20_000));
const anyText = fc.oneof(
  { weight: 3, arbitrary: legalMix },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 5_000, size: 'max' }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3_000, size: 'max' }) },
);

const TIME_LIMIT_MS = 2000;

function expectWellFormedDocument(doc: LegalDocument, text: string): Set<string> {
  expect(typeof doc.text).toBe('string');
  const ids = new Set<string>();
  const walk = (nodes: Provision[]): void => {
    for (const n of nodes) {
      expect(n.start).toBeGreaterThanOrEqual(0);
      expect(n.end).toBeGreaterThanOrEqual(n.start);
      expect(n.end).toBeLessThanOrEqual(doc.text.length);
      ids.add(n.id);
      walk(n.children);
    }
  };
  walk(doc.body);
  expect(doc.text.length).toBeLessThanOrEqual(text.length);
  return ids;
}

function expectWellFormedFindings(found: Findings, doc: LegalDocument, ids: Set<string>): void {
  expect(found.ruleset.id).toBe('dk-lovforslag');
  const evidence = [
    ...found.findings.flatMap((f) => f.evidence),
    ...found.triggers.flatMap((t) => t.evidence),
  ];
  for (const e of evidence) {
    expect(ids.has(e.nodeId)).toBe(true);
    expect(e.start).toBeGreaterThanOrEqual(0);
    expect(e.end).toBeGreaterThanOrEqual(e.start);
    expect(e.end).toBeLessThanOrEqual(doc.text.length);
    expect(e.matchStart).toBeGreaterThanOrEqual(0);
    expect(e.matchEnd).toBeGreaterThanOrEqual(e.matchStart);
    expect(e.matchEnd).toBeLessThanOrEqual(e.quote.length);
    expect(e.page).toBeGreaterThanOrEqual(1);
    expect(Number.isFinite(e.score)).toBe(true);
  }
  for (const f of found.findings) expect(Number.isFinite(f.score)).toBe(true);
  for (const t of found.triggers) {
    expect(['yes', 'no', 'unknown']).toContain(t.suggestion);
    expect(t.confidence).toBeGreaterThanOrEqual(0);
    expect(t.confidence).toBeLessThanOrEqual(1);
  }
  expect(['relevant', 'not-relevant', 'unknown']).toContain(found.relevance.suggestion);
  expect(found.coverage.classifiedShare).toBeGreaterThanOrEqual(0);
  expect(found.coverage.classifiedShare).toBeLessThanOrEqual(1);
}

describe('fuzz: parse and detect (dk-lovforslag) never throw, return well-formed results, in bounded time', () => {
  it('legal fragments, ruleset words, odd unicode and noise up to 20 KB', () => {
    let withEvidence = 0;
    fc.assert(
      fc.property(anyText, (text) => {
        const started = performance.now();
        const doc = parse(sourceOf(text));
        const found = detect(doc, ruleset);
        // The worker sends both across a thread as JSON: they must survive it.
        JSON.parse(JSON.stringify({ doc, found }));
        expect(performance.now() - started).toBeLessThan(TIME_LIMIT_MS);
        expectWellFormedFindings(found, doc, expectWellFormedDocument(doc, text));
        if (found.findings.some((f) => f.evidence.length > 0)) withEvidence++;
      }),
      { numRuns: 120 },
    );
    // Not vacuous: the detector found something, with evidence, in some of the runs.
    expect(withEvidence).toBeGreaterThan(10);
  });
});

/** ingest either returns a source text or throws an IngestError: never anything else. */
async function ingestOutcome(bytes: Uint8Array, fileName: string, limitMs: number): Promise<void> {
  const started = performance.now();
  try {
    const src = await ingest(bytes, { fileName });
    expect(src.text.trim().length).toBeGreaterThan(0);
    expect(src.pages.length).toBeGreaterThan(0);
    expect(src.pages.at(-1)?.end).toBeLessThanOrEqual(src.text.length);
  } catch (e) {
    if (!(e instanceof IngestError)) throw e;
    expect(e.da.length).toBeGreaterThan(20);
    expect(e.en.length).toBeGreaterThan(20);
  }
  expect(performance.now() - started).toBeLessThan(limitMs);
}

const WORD_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

const prefixed = (head: string, tail: Uint8Array): Uint8Array =>
  Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(tail)]);

describe('fuzz: ingest returns or throws an IngestError, never anything else', () => {
  it('random bytes, and random bytes behind the signatures of every format', async () => {
    const heads = [
      '',
      '\ufeff',
      '\xff\xfe',
      '<!DOCTYPE html><html><body><p>',
      '# Titel\n\n## Afsnit\n',
      'PK\x03\x04',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...heads),
        fc.uint8Array({ maxLength: 4096, size: 'max' }),
        async (head, tail) => {
          await ingestOutcome(prefixed(head, tail), 'fuzz.txt', TIME_LIMIT_MS);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('random text in any encoding as .txt, .md and .html', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyText,
        fc.constantFrom('utf-8', 'utf-16le', 'latin1'),
        fc.constantFrom('fuzz.txt', 'fuzz.md', 'fuzz.html'),
        async (text, encoding, name) => {
          const bytes =
            encoding === 'utf-16le'
              ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
              : Buffer.from(text, encoding === 'latin1' ? 'latin1' : 'utf8');
          await ingestOutcome(bytes, name, TIME_LIMIT_MS);
        },
      ),
      { numRuns: 100 },
    );
  });

  // PDF readers start pdftotext or pdf.js: fewer runs, a wider time bound.
  it('random bytes behind a PDF header', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048, size: 'max' }), async (tail) => {
        await ingestOutcome(prefixed('%PDF-1.7\n', tail), 'fuzz.pdf', 10_000);
      }),
      { numRuns: 25 },
    );
  });

  it('a well-formed DOCX zip around random XML', async () => {
    const xml = fc.oneof(
      fc.string({ maxLength: 2000, size: 'max' }),
      fc
        .array(
          fc.constantFrom(
            '<w:p>',
            '</w:p>',
            '<w:r>',
            '</w:r>',
            '<w:t>',
            '</w:t>',
            '§ 1.',
            'Stk. 2.',
            '<',
            '&',
          ),
          { maxLength: 400, size: 'max' },
        )
        .map((p) => `<w:document xmlns:w="${WORD_NS}"><w:body>${p.join('')}</w:body></w:document>`),
    );
    await fc.assert(
      fc.asyncProperty(xml, async (body) => {
        const zip = new JSZip();
        zip.file('[Content_Types].xml', '<Types/>');
        zip.file(
          '_rels/.rels',
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        );
        zip.file('word/document.xml', body);
        const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
        await ingestOutcome(bytes, 'fuzz.docx', 5000);
      }),
      { numRuns: 40 },
    );
  });
});
