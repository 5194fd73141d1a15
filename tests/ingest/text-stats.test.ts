import { textStats, textStatsByRegex } from '../../src/ingest/text-stats';

describe('textStats', () => {
  it('counts as the regular expressions do', () => {
    for (const text of [
      '',
      ' ',
      '§ 1. Loven træder i kraft den 1. juli 2026.',
      '  Stk. 2.  Ministeren\tkan\n\n fastsætte regler ',
      'Æble, øl og ål – «citat» ¶ ª µ º × ÷ \u00a0\u2003\u2028\ufeff\u200b',
      'Ελληνικά кириллица 中文 ١٢٣ \ufffd\ufffd',
      '\t\n\v\f\r tab\u1680\u3000end',
      'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=',
    ])
      expect(textStats(text)).toEqual(textStatsByRegex(text));
  });

  it('agrees on every BMP character that is not a surrogate, alone and in runs', () => {
    let text = '';
    for (let c = 0; c < 0x10000; c++)
      if (c < 0xd800 || c > 0xdfff) text += `${String.fromCharCode(c)}a${String.fromCharCode(c, c)} `;
    expect(textStats(text)).toEqual(textStatsByRegex(text));
  });

  it('leaves texts with surrogates to the regular expressions', () => {
    expect(textStats('a 𝐀 b')).toBeNull();
    expect(textStats('\ud835 \udc00')).toBeNull();
  });
});
