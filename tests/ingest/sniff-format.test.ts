import { IngestError } from '../../src/ingest/ingest-error';
import { decodeText, looksLikeHtml, looksLikeMarkdown, sniffFormat } from '../../src/ingest/sniff-format';

const bytes = (...b: number[]): Uint8Array => new Uint8Array([...b, ...new Array(64).fill(0x20)]);

describe('sniffFormat', () => {
  it('recognises PDF and DOCX by content, not name', () => {
    expect(sniffFormat(Buffer.from('%PDF-1.7\n...'))).toBe('pdf');
    expect(
      sniffFormat(
        Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....word/document.xml')]),
      ),
    ).toBe('docx');
  });

  it.each([
    ['PNG', bytes(0x89, 0x50, 0x4e, 0x47), 'unsupported-type', /PNG/],
    ['JPEG', bytes(0xff, 0xd8, 0xff), 'unsupported-type', /JPEG/],
    ['old Word', bytes(0xd0, 0xcf, 0x11, 0xe0), 'unsupported-type', /\.doc/],
    [
      'plain zip',
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('foo.txt')]),
      'unsupported-type',
      /zip/,
    ],
    ['ELF program', bytes(0x7f, 0x45, 0x4c, 0x46), 'not-text', /ELF/],
    ['Windows program', bytes(0x4d, 0x5a, 0x90, 0x00), 'not-text', /MZ/],
  ])('refuses %s with a specific error', (_name, input, code, message) => {
    try {
      sniffFormat(input);
      throw new Error('expected an IngestError');
    } catch (e) {
      expect(e).toBeInstanceOf(IngestError);
      expect((e as IngestError).code).toBe(code);
      expect((e as IngestError).da).toMatch(message);
    }
  });
});

describe('decodeText', () => {
  it('reads UTF-8, UTF-16 and falls back to Windows-1252', () => {
    expect(decodeText(Buffer.from('Ældre på plejehjem', 'utf8')).text).toBe('Ældre på plejehjem');
    expect(
      decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Stk. 2', 'utf16le')])).text,
    ).toBe('Stk. 2');
    const latin = decodeText(Buffer.from([0x50, 0xe5, 0x20, 0x62, 0xf8, 0x72, 0x6e]));
    expect(latin).toEqual({ text: 'På børn', encoding: 'windows-1252' });
  });

  it('refuses binary data', () => {
    expect(() => decodeText(Buffer.from([0x41, 0x00, 0x42]))).toThrow(IngestError);
  });
});

describe('text kinds', () => {
  it('tells HTML and Markdown from plain text', () => {
    expect(looksLikeHtml('<!DOCTYPE html><html><body><p>x</p></body></html>')).toBe(true);
    expect(looksLikeHtml('§ 1. Loven <gælder> alle.')).toBe(false);
    expect(looksLikeMarkdown('# Ældrepolitik\n\nTekst\n\n## Vision\n')).toBe(true);
    expect(looksLikeMarkdown('§ 1. Tekst.\nStk. 2. Mere.')).toBe(false);
  });
});
