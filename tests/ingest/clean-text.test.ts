import { cleanPages, normaliseChars, rejoinHyphenated } from '../../src/ingest/clean-text';

describe('normaliseChars', () => {
  it.each([
    ['zero-width joiner inside a word', 'samværs\u200Dret', 'samværsret'],
    ['soft hyphen', 'plejehjems\u00ADbeboere', 'plejehjemsbeboere'],
    ['decomposed å becomes NFC', 'a\u030Arhus', 'århus'],
    ['non-breaking space after §', '§\u00A05', '§ 5'],
    ['CRLF', 'a\r\nb', 'a\nb'],
    ['BOM', '\uFEFFLov om', 'Lov om'],
  ])('%s', (_name, input, expected) => {
    expect(normaliseChars(input)).toBe(expected);
  });
});

describe('rejoinHyphenated', () => {
  it.each([
    ['a word broken at a line end', 'foran-\nstaltningen', 'foranstaltningen'],
    ['a real hyphen after capitals', 'EU-\nretten', 'EU-retten'],
    ['a suspended hyphen before og', 'social-\nog boligministeren', 'social- og boligministeren'],
    ['a suspended hyphen before eller', 'dag-\neller døgntilbud', 'dag- eller døgntilbud'],
    ['no join before a capital', 'Kapitel-\nOverskrift', 'Kapitel-\nOverskrift'],
  ])('%s', (_name, input, expected) => {
    expect(rejoinHyphenated(input)).toBe(expected);
  });
});

describe('cleanPages', () => {
  const page = (n: number, body: string): string => `Folketinget 2025-26\n${body}\nSide ${n} af 4`;

  it('drops running headers and page numbers and keeps the page of every character', () => {
    const raw = [
      page(1, '§ 1. Første.'),
      page(2, '§ 2. Anden.'),
      page(3, '§ 3. Tredje.'),
      page(4, '§ 4. Fjerde.'),
    ];
    const out = cleanPages(raw, { rejoinHyphens: true });
    expect(out.text).not.toMatch(/Folketinget 2025-26|Side \d/);
    expect(out.droppedLines).toBe(8);
    expect(out.pages.map((p) => p.number)).toEqual([1, 2, 3, 4]);
    expect(out.pages[0]?.start).toBe(0);
    expect(out.pages[3]?.end).toBe(out.text.length);
    out.pages.forEach((p, i) => {
      if (i > 0) expect(p.start).toBe(out.pages[i - 1]?.end);
      expect(out.text.slice(p.start, p.end)).toContain(`§ ${p.number}.`);
    });
  });

  it('keeps a first line that is not repeated on other pages', () => {
    const out = cleanPages(['Forslag\n§ 1. A.\n1', 'Noget andet\n§ 2. B.\n2', 'Tredje\n§ 3. C.\n3'], {
      rejoinHyphens: false,
    });
    expect(out.text).toContain('Forslag');
    expect(out.text).toContain('Noget andet');
    expect(out.text).not.toMatch(/^\d$/m);
  });
});
