import { createHash } from 'node:crypto';
import type { IngestWarning, SourceFormat, SourceText } from '../domain/source-text';
import { cleanPages } from './clean-text';
import { htmlToText, type TextWithBlocks } from './html-to-text';
import { DEFAULT_LIMITS, IngestError, type IngestLimits } from './ingest-error';
import { markdownToText } from './markdown-to-text';
import { readDocx } from './read-docx';
import { readPdfPages } from './read-pdf';
import { decodeText, looksLikeHtml, looksLikeMarkdown, sniffFormat } from './sniff-format';

export interface IngestOptions {
  /** Only used to tell Markdown from plain text when the content cannot; never decides binary formats. */
  fileName?: string;
  limits?: Partial<IngestLimits>;
}

/** Share of letters among visible characters below which a text is not prose in any language. */
const MIN_LETTER_SHARE = 0.45;

function assertProse(text: string): void {
  const visible = text.replace(/\s/g, '');
  if (visible.length === 0) return;
  const letters = visible.replace(/[^\p{L}]/gu, '').length;
  const replacement = (visible.match(/\uFFFD/g) ?? []).length;
  if (letters / visible.length < MIN_LETTER_SHARE || replacement / visible.length > 0.02) {
    throw new IngestError('not-text', {
      why: `kun ${Math.round((100 * letters) / visible.length)} % bogstaver`,
    });
  }
}

function fromBlocks(
  format: SourceFormat,
  r: TextWithBlocks,
): Pick<SourceText, 'text' | 'pages' | 'blocks' | 'format'> {
  return { format, text: r.text, blocks: r.blocks, pages: [{ number: 1, start: 0, end: r.text.length }] };
}

/** bytes → SourceText. Pure apart from the PDF library's own work; throws `IngestError` for every bad input. */
export async function ingest(bytes: Uint8Array, options: IngestOptions = {}): Promise<SourceText> {
  const limits: IngestLimits = { ...DEFAULT_LIMITS, ...options.limits };
  if (bytes.length === 0) throw new IngestError('empty-file');
  if (bytes.length > limits.maxBytes)
    throw new IngestError('too-large', { bytes: bytes.length, limit: limits.maxBytes });
  const warnings: IngestWarning[] = [];
  const sniffed = sniffFormat(bytes);
  let base: Pick<SourceText, 'text' | 'pages' | 'blocks' | 'format'>;

  if (sniffed === 'pdf') {
    const pages = await readPdfPages(bytes, limits);
    const cleaned = cleanPages(pages, { rejoinHyphens: true });
    base = { format: 'pdf', text: cleaned.text, pages: cleaned.pages, blocks: [] };
    if (cleaned.droppedLines > 0) {
      warnings.push({
        code: 'headers-dropped',
        da: `${cleaned.droppedLines} linjer med sidehoved, sidefod eller sidenummer er fjernet.`,
        en: `${cleaned.droppedLines} running header, footer or page-number lines were removed.`,
      });
    }
  } else if (sniffed === 'docx') {
    const r = await readDocx(bytes, limits.maxBytes * 20);
    base = fromBlocks('docx', r);
  } else {
    const { text, encoding } = decodeText(bytes);
    if (encoding !== 'utf-8') {
      warnings.push({
        code: 'encoding',
        da: `Teksten er læst som ${encoding}.`,
        en: `The text was read as ${encoding}.`,
      });
    }
    if (looksLikeHtml(text)) base = fromBlocks('html', htmlToText(text));
    else if (looksLikeMarkdown(text, options.fileName)) base = fromBlocks('markdown', markdownToText(text));
    else {
      // Form feeds are page breaks in text copied from pdftotext.
      const pageTexts = text.split('\f');
      if (pageTexts.length > limits.maxPages) {
        throw new IngestError('too-many-pages', { pages: pageTexts.length, limit: limits.maxPages });
      }
      const cleaned = cleanPages(pageTexts, { rejoinHyphens: true });
      base = { format: 'text', text: cleaned.text, pages: cleaned.pages, blocks: [] };
    }
  }
  if (base.text.trim().length === 0) {
    if (base.format === 'pdf') throw new IngestError('scanned-pdf', { pages: base.pages.length });
    throw new IngestError('empty-file');
  }
  assertProse(base.text);
  return {
    ...base,
    warnings,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    byteLength: bytes.length,
  };
}
