import fc from 'fast-check';
import type { DocumentKind, LegalDocument, Provision } from '../../src/domain/legal-document';
import { parse } from '../../src/parse/parse';
import { sourceOf } from '../helpers/source-of';

const FRAGMENTS = [
  '§ 1.',
  '§ 2',
  '§ 3 a.',
  '§§ 4-6.',
  '§1',
  'Stk. 2.',
  'Stk. 3 .',
  'stk. 2',
  '1)',
  '2)',
  '3)',
  'a)',
  'b)',
  'i)',
  '(1)',
  '(a)',
  '(ii)',
  '»',
  '«',
  '»§ 83 b.',
  'Kapitel 1',
  'Kapitel 2 a',
  'Afsnit II',
  'Forslag',
  'til',
  'Lov om ændring af lov om social service',
  '(Kort titel)',
  'I lov om social service, jf. lovbekendtgørelse nr. 170 af 24. januar 2024, foretages følgende ændringer:',
  '1.',
  '2.',
  '10.',
  'affattes således:',
  'indsættes:',
  'ophæves.',
  'ændres »a« til »b«.',
  'udgår.',
  'Overalt i loven',
  'bliver herefter',
  'træder i kraft den 1. juli 2026.',
  'Bemærkninger til lovforslaget',
  'Almindelige bemærkninger',
  'Specielle bemærkninger',
  'Indholdsfortegnelse',
  '1. Indledning',
  '2.1. Gældende ret',
  '11. Sammenfattende skema',
  'Til § 1',
  'Til nr. 2',
  'Bilag 1',
  'PART 1',
  'CHAPTER 2',
  '1 Title of clause',
  'SCHEDULE 1',
  'EXPLANATORY NOTES',
  'A BILL TO',
  'Sagsfremstilling',
  'Indstilling',
  'Beslutning',
  'Fjordby Kommune',
  'Ingen',
  'Positive konsekvenser',
  '\t',
  '#',
  '## ',
  'Økonomiske konsekvenser for stat, kommuner og regioner',
  'ældre',
  'på',
  'plejehjem',
  'og',
  '.',
  ',',
  ':',
  ' ',
  '\n',
  '\n\n',
];

const lawLike = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })), { maxLength: 120 })
  .map((parts) => parts.join(' '));
const anyText = fc.oneof(
  lawLike,
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
);
const kinds: (DocumentKind | undefined)[] = [
  undefined,
  'dk-bill',
  'dk-act',
  'municipal-agenda-item',
  'municipal-policy',
  'uk-bill',
  'generic',
];

function checkTree(doc: LegalDocument, nodes: Provision[], lo: number, hi: number): void {
  let prevEnd = lo;
  for (const n of nodes) {
    expect(Number.isInteger(n.start) && Number.isInteger(n.end)).toBe(true);
    expect(n.start).toBeGreaterThanOrEqual(prevEnd);
    expect(n.end).toBeGreaterThanOrEqual(n.start);
    expect(n.end).toBeLessThanOrEqual(hi);
    prevEnd = n.end;
    checkTree(doc, n.children, n.start, n.end);
  }
}

describe('parse, for arbitrary input', () => {
  it('never throws, keeps offsets in bounds, never overlaps nodes, and covers every character', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...kinds), (text, kind) => {
        const started = performance.now();
        const doc = parse(sourceOf(text), kind ? { kind } : {});
        expect(performance.now() - started).toBeLessThan(2000);
        checkTree(doc, doc.body, 0, text.length);
        // Top-level nodes (unclassified blocks included) tile the text from 0 to its end.
        let pos = 0;
        for (const n of doc.body) {
          expect(n.start).toBe(pos);
          pos = n.end;
        }
        expect(pos).toBe(text.length === 0 || doc.body.length > 0 ? text.length : 0);
        for (const u of doc.quality.unclassified)
          expect(
            doc.body.some((n) => n.kind === 'unclassified' && n.start === u.start && n.end === u.end),
          ).toBe(true);
        for (const a of doc.amendments) expect(a.start >= 0 && a.end <= text.length).toBe(true);
        expect(doc.quality.classifiedShare).toBeGreaterThanOrEqual(0);
        expect(doc.quality.classifiedShare).toBeLessThanOrEqual(1);
        // Ids are unique, so evidence can point at exactly one node.
        const ids: string[] = [];
        const walk = (ns: Provision[]): void => ns.forEach((n) => (ids.push(n.id), walk(n.children)));
        walk(doc.body);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 400 },
    );
  });

  it('stays fast on a long single line and on deeply repeated markers', () => {
    for (const text of [
      'x'.repeat(2_000_000),
      '§ 1. x\n'.repeat(20_000),
      '§ 1\nI lov om x foretages følgende ændringer:\n1. § 2 ophæves.\n'.repeat(5_000),
      'Stk. 2. 1) a) '.repeat(20_000),
      '»'.repeat(100_000),
    ]) {
      const started = performance.now();
      const doc = parse(sourceOf(text));
      expect(performance.now() - started).toBeLessThan(5000);
      expect(doc.body.at(-1)?.end ?? text.length).toBe(text.length);
    }
  });
});
