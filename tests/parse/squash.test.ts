import { squash } from '../../src/parse/lines';

/** What squash's fast path must agree with. */
const byRegex = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe('squash', () => {
  it('agrees with replace + trim on every BMP character, alone, doubled and between letters', () => {
    const differ: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      for (const s of [ch, `${ch}${ch}`, `a${ch}b`, `a ${ch}b`, `a${ch} b`, `${ch}a`, `a${ch}`])
        if (squash(s) !== byRegex(s)) differ.push(JSON.stringify(s));
    }
    expect(differ).toEqual([]);
  });

  it('agrees on lines as parse sees them', () => {
    for (const s of [
      '',
      ' ',
      '§ 1. Loven træder i kraft',
      '  Stk. 2.  Ministeren  kan ',
      'a\tb',
      'a\nb',
      'a\u00a0b',
      'end ',
      ' start',
      'x',
    ])
      expect(squash(s)).toBe(byRegex(s));
  });
});
