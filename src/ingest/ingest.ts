import { createHash } from 'node:crypto';
import type { IngestWarning, SourceFormat, SourceText } from '../domain/source-text';
import { cleanPages } from './clean-text';
import { htmlToText, type TextWithBlocks } from './html-to-text';
import { DEFAULT_LIMITS, IngestError, type IngestLimits, type PdfEngine } from './ingest-error';
import { markdownToText } from './markdown-to-text';
import { readDocx } from './read-docx';
import { hasTextLayer, readPdfPages } from './read-pdf';
import { popplerAvailable, readPdfPagesPoppler } from './read-pdf-poppler';
import { decodeText, looksLikeHtml, looksLikeMarkdown, sniffFormat } from './sniff-format';
import { textStats, textStatsByRegex } from './text-stats';

export interface IngestOptions {
  /** Only used to tell Markdown from plain text when the content cannot; never decides binary formats. */
  fileName?: string;
  limits?: Partial<IngestLimits>;
  pdfEngine?: PdfEngine;
}

async function pdfPages(bytes: Uint8Array, limits: IngestLimits, engine: PdfEngine): Promise<string[]> {
  if (engine === 'poppler' || (engine === 'auto' && popplerAvailable())) {
    const pages = await readPdfPagesPoppler(bytes, limits.maxPages, limits.pdfTimeoutMs);
    if (pages && pages.length > limits.maxPages)
      throw new IngestError('too-many-pages', {
        pages: { da: `over ${limits.maxPages}`, en: `more than ${limits.maxPages}` },
        limit: limits.maxPages,
      });
    if (pages && hasTextLayer(pages)) return pages;
    // Failed or textless: pdf.js tells encrypted, corrupt and scanned files apart.
  }
  return readPdfPages(bytes, limits);
}

/** Share of letters among visible characters below which a text is not prose in any language. */
const MIN_LETTER_SHARE = 0.45;
/** Average characters between spaces above which a text has no words (Danish prose: about 6). */
const MAX_WORD_LENGTH = 40;
const MIN_WORD_CHECK = 1000;

function assertProse(text: string): void {
  // One pass over the text (text-stats.ts); the regular expressions only for texts with surrogates.
  const stats = textStats(text) ?? textStatsByRegex(text);
  const { visible, letters, replacement, gaps } = stats;
  if (visible === 0) return;
  if (letters / visible < MIN_LETTER_SHARE || replacement / visible > 0.02) {
    throw new IngestError('not-text', {
      why: {
        da: `kun ${Math.round((100 * letters) / visible)} % bogstaver`,
        en: `only ${Math.round((100 * letters) / visible)} % letters`,
      },
    });
  }
  // Prose has a space every few characters; a long text without is a blob (base64, a minified file), not words.
  if (visible >= MIN_WORD_CHECK) {
    const perWord = Math.round(visible / (gaps + 1));
    if (perWord > MAX_WORD_LENGTH)
      throw new IngestError('not-text', {
        why: {
          da: `ingen ord – i gennemsnit ${perWord} tegn mellem mellemrummene`,
          en: `no words – on average ${perWord} characters between spaces`,
        },
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
    const pages = await pdfPages(bytes, limits, options.pdfEngine ?? 'auto');
    // pdftotext prints a centred "§ 1" as "§1"; the text we quote should read as the document does.
    const cleaned = cleanPages(
      pages.map((p) => p.replace(/§(?=\d)/g, '§ ')),
      { rejoinHyphens: true },
    );
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
    throw new IngestError('empty-file', { bytes: bytes.length });
  }
  assertProse(base.text);
  return {
    ...base,
    warnings,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    byteLength: bytes.length,
  };
}
