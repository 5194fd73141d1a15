import { IngestError } from './ingest-error';

export type SniffedFormat = 'pdf' | 'docx' | 'text-bytes';

function startsWith(bytes: Uint8Array, sig: number[], at = 0): boolean {
  return sig.every((b, i) => bytes[at + i] === b);
}

function containsAscii(bytes: Uint8Array, needle: string, limit = bytes.length): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(limit, bytes.length)).includes(
    needle,
    0,
    'latin1',
  );
}

/**
 * Decide the format from the bytes, never from the file name: a lawyer's "bill.pdf" may be anything.
 * Binary formats we cannot read are refused here with a specific name for what they are.
 */
export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (containsAscii(bytes, '%PDF-', 1024)) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // A zip: Word documents carry a word/ part; anything else (xlsx, odt, a plain zip) is not ours.
    if (containsAscii(bytes, 'word/')) return 'docx';
    if (containsAscii(bytes, 'mimetypeapplication/vnd.oasis.opendocument.text'))
      throw new IngestError('unsupported-type', {
        detected: { da: 'OpenDocument-tekst (.odt)', en: 'OpenDocument text (.odt)' },
      });
    throw new IngestError('unsupported-type', { detected: { da: 'zip-arkiv', en: 'zip archive' } });
  }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]))
    throw new IngestError('unsupported-type', { detected: { da: 'PNG-billede', en: 'PNG image' } });
  if (startsWith(bytes, [0xff, 0xd8, 0xff]))
    throw new IngestError('unsupported-type', { detected: { da: 'JPEG-billede', en: 'JPEG image' } });
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]))
    throw new IngestError('unsupported-type', { detected: { da: 'GIF-billede', en: 'GIF image' } });
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    throw new IngestError('unsupported-type', { detected: { da: 'TIFF-billede', en: 'TIFF image' } });
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]))
    throw new IngestError('unsupported-type', {
      detected: {
        da: 'ældre Word-format (.doc) – gem som .docx',
        en: 'old Word format (.doc) – save as .docx',
      },
    });
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66]))
    throw new IngestError('unsupported-type', {
      detected: { da: 'RTF – gem som .docx', en: 'RTF – save as .docx' },
    });
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46]))
    throw new IngestError('not-text', { why: { da: 'ELF-program', en: 'ELF program' } });
  if (startsWith(bytes, [0x4d, 0x5a]))
    throw new IngestError('not-text', { why: { da: 'Windows-program (MZ)', en: 'Windows program (MZ)' } });
  if (startsWith(bytes, [0x1f, 0x8b]))
    throw new IngestError('unsupported-type', { detected: { da: 'gzip-arkiv', en: 'gzip archive' } });
  return 'text-bytes';
}

/** Share of a-z among the letters of real Windows-1252 text in a Western language (Danish: about 97 %). */
const MIN_ASCII_LETTERS = 0.6;

/** Bytes that should be text: UTF-8 (with or without BOM), UTF-16 with BOM, or legacy Windows-1252. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (startsWith(bytes, [0xff, 0xfe]))
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (startsWith(bytes, [0xfe, 0xff]))
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const sample = bytes.subarray(0, 64 * 1024);
  let controls = 0;
  for (const b of sample) {
    if (b === 0)
      throw new IngestError('not-text', {
        why: { da: 'binære data (NUL-tegn)', en: 'binary data (NUL bytes)' },
      });
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  }
  if (sample.length > 0 && controls / sample.length > 0.01)
    throw new IngestError('not-text', { why: { da: 'kontroltegn', en: 'control characters' } });
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes),
      encoding: 'utf-8',
    };
  } catch {
    // Older Danish files are often Windows-1252; every byte decodes, so the prose check decides.
    const text = new TextDecoder('windows-1252').decode(bytes);
    // ... but such text is mostly a-z with a few æ, ø, å: mostly accented letters is broken UTF-8 or binary.
    const head = text.slice(0, 64 * 1024);
    const letters = (head.match(/\p{L}/gu) ?? []).length;
    const ascii = (head.match(/[a-z]/gi) ?? []).length;
    if (letters >= 20 && ascii / letters < MIN_ASCII_LETTERS)
      throw new IngestError('not-text', {
        why: {
          da: `ugyldig UTF-8, og som Windows-1252 er kun ${Math.round((100 * ascii) / letters)} % af bogstaverne a-z`,
          en: `invalid UTF-8, and read as Windows-1252 only ${Math.round((100 * ascii) / letters)} % of the letters are a-z`,
        },
      });
    return { text, encoding: 'windows-1252' };
  }
}

export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  return (
    head.startsWith('<!doctype html') ||
    head.startsWith('<html') ||
    (head.startsWith('<') && /<(body|p|div|h[1-6])[\s>]/.test(text.slice(0, 20000).toLowerCase()))
  );
}

export function looksLikeMarkdown(text: string, fileName?: string): boolean {
  if (fileName && /\.(md|markdown)$/i.test(fileName)) return true;
  const sample = text.slice(0, 20000);
  const headings = (sample.match(/^#{1,6} \S/gm) ?? []).length;
  const tables = (sample.match(/^\|?\s*:?-{3,}:?\s*\|/gm) ?? []).length;
  return headings >= 2 || (headings >= 1 && tables >= 1);
}
