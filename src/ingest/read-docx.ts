import { createInflateRaw } from 'node:zlib';
import { IngestError } from './ingest-error';
import { htmlToText, type TextWithBlocks } from './html-to-text';

/** DOCX via mammoth's HTML (headings, lists and tables survive), then the same HTML reader as web pages. */
export async function readDocx(
  bytes: Uint8Array,
  maxUncompressed: number,
): Promise<TextWithBlocks & { messages: string[] }> {
  await guardZipBomb(bytes, maxUncompressed);
  let result: { value: string; messages: { type: string; message: string }[] };
  try {
    const mammoth = await import('mammoth');
    result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
  } catch {
    throw new IngestError('corrupt-file', { format: 'Word (.docx)' });
  }
  return { ...htmlToText(result.value), messages: result.messages.map((m) => m.message) };
}

/** The bytes a raw deflate stream inflates to, counted without keeping them; `over` once past `max`. */
function inflatedSize(data: Buffer, max: number): Promise<number | 'over' | 'bad'> {
  return new Promise((resolve) => {
    const inflate = createInflateRaw();
    let n = 0;
    inflate.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > max) {
        inflate.destroy();
        resolve('over');
      }
    });
    inflate.on('end', () => resolve(n));
    inflate.on('error', () => resolve('bad'));
    inflate.end(data);
  });
}

const LYING_ZIP = {
  format: {
    da: 'Word (.docx) – størrelserne i zip-arkivet passer ikke med indholdet',
    en: 'Word (.docx) – the sizes in the zip archive do not match its content',
  },
};

/**
 * Sum the uncompressed sizes in the zip's central directory before inflating anything: a few kilobytes
 * of DOCX can claim gigabytes of XML. The claims are then checked by inflating each part natively and
 * counting (nothing kept): the zip reader mammoth uses believes the directory and would inflate a part
 * that claims 1 KB but holds gigabytes, outside the worker's heap limit.
 */
async function guardZipBomb(bytes: Uint8Array, maxUncompressed: number): Promise<void> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > buf.length) throw new IngestError('corrupt-file', { format: 'Word (.docx)' });
  const entries = buf.readUInt16LE(eocd + 10);
  const directory = buf.readUInt32LE(eocd + 16);
  const isHeader = (at: number, signature: number) =>
    at + 4 <= buf.length && buf.readUInt32LE(at) === signature;
  // Bytes before the zip (jszip allows them): every offset in the directory is then off by as many.
  const extra = eocd - (directory + buf.readUInt32LE(eocd + 12));
  const shift = extra > 0 && !isHeader(directory, 0x02014b50) ? extra : 0;
  let offset = directory + shift;
  let total = 0;
  const parts: { method: number; start: number; compressed: number; claimed: number }[] = [];
  // As many entries as the end record says, and on while more follow: jszip reads every one there is.
  for (let i = 0; i < entries || isHeader(offset, 0x02014b50); i++) {
    if (offset + 46 > buf.length || !isHeader(offset, 0x02014b50)) {
      throw new IngestError('corrupt-file', { format: 'Word (.docx)' });
    }
    const claimed = buf.readUInt32LE(offset + 24);
    total += claimed;
    const local = buf.readUInt32LE(offset + 42) + shift;
    if (local + 30 <= buf.length && isHeader(local, 0x04034b50)) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      parts.push({
        method: buf.readUInt16LE(offset + 10),
        start,
        compressed: buf.readUInt32LE(offset + 20),
        claimed,
      });
    }
    offset +=
      46 + buf.readUInt16LE(offset + 28) + buf.readUInt16LE(offset + 30) + buf.readUInt16LE(offset + 32);
  }
  if (total > maxUncompressed)
    throw new IngestError('too-large', { bytes: total, limit: maxUncompressed, unpacked: 'yes' });
  for (const p of parts) {
    if (p.method !== 8) continue;
    // A part that does not inflate is left to mammoth, which names the damage as it finds it.
    const size = await inflatedSize(buf.subarray(p.start, p.start + p.compressed), p.claimed);
    if (size === 'over') throw new IngestError('corrupt-file', LYING_ZIP);
  }
}
