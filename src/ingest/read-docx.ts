import { IngestError } from './ingest-error';
import { htmlToText, type TextWithBlocks } from './html-to-text';

/** DOCX via mammoth's HTML (headings, lists and tables survive), then the same HTML reader as web pages. */
export async function readDocx(
  bytes: Uint8Array,
  maxUncompressed: number,
): Promise<TextWithBlocks & { messages: string[] }> {
  guardZipBomb(bytes, maxUncompressed);
  let result: { value: string; messages: { type: string; message: string }[] };
  try {
    const mammoth = await import('mammoth');
    result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
  } catch {
    throw new IngestError('corrupt-file', { format: 'Word (.docx)' });
  }
  return { ...htmlToText(result.value), messages: result.messages.map((m) => m.message) };
}

/**
 * Sum the uncompressed sizes in the zip's central directory before inflating anything: a few kilobytes
 * of DOCX can claim gigabytes of XML.
 */
function guardZipBomb(bytes: Uint8Array, maxUncompressed: number): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > buf.length) throw new IngestError('corrupt-file', { format: 'Word (.docx)' });
  const entries = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > buf.length || buf.readUInt32LE(offset) !== 0x02014b50) {
      throw new IngestError('corrupt-file', { format: 'Word (.docx)' });
    }
    total += buf.readUInt32LE(offset + 24);
    offset +=
      46 + buf.readUInt16LE(offset + 28) + buf.readUInt16LE(offset + 30) + buf.readUInt16LE(offset + 32);
  }
  if (total > maxUncompressed) throw new IngestError('too-large', { bytes: total, limit: maxUncompressed });
}
