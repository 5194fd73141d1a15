import { createHash } from 'node:crypto';
import type { SourceText } from '../../src/domain/source-text';

/** A SourceText for a literal text, as ingest would make it from a one-page plain-text file. */
export function sourceOf(text: string): SourceText {
  return {
    text,
    pages: [{ number: 1, start: 0, end: text.length }],
    format: 'text',
    warnings: [],
    blocks: [],
    sha256: createHash('sha256').update(text).digest('hex'),
    byteLength: Buffer.byteLength(text),
  };
}
