import { IngestError, type IngestLimits } from './ingest-error';
import { textStats, textStatsByRegex } from './text-stats';

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(
        new IngestError('corrupt-file', {
          format: {
            da: 'PDF (tidsgrænsen for læsning blev overskredet)',
            en: 'PDF (the time limit for reading was exceeded)',
          },
        }),
      );
    }, ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function translate(e: unknown, lib: typeof import('pdf-parse')): never {
  const { PasswordException, InvalidPDFException, FormatError } = lib;
  if (e instanceof IngestError) throw e;
  if (e instanceof PasswordException || (e as { name?: string })?.name === 'PasswordException') {
    throw new IngestError('encrypted-pdf');
  }
  if (e instanceof InvalidPDFException || e instanceof FormatError)
    throw new IngestError('corrupt-file', { format: 'PDF' });
  const name = (e as { name?: string })?.name ?? '';
  if (/Invalid|Format|Unknown|Missing/i.test(name)) throw new IngestError('corrupt-file', { format: 'PDF' });
  throw new IngestError('corrupt-file', { format: 'PDF' });
}

/** Fewer than a handful of letters per page means images only: a scan without OCR. */
export function hasTextLayer(pages: string[]): boolean {
  const text = pages.join('');
  const { letters } = textStats(text) ?? textStatsByRegex(text);
  return letters >= Math.max(20, pages.length * 10);
}

/** The raw text of each page, or a typed error for encrypted, corrupt, scanned or oversized PDFs. */
export async function readPdfPages(bytes: Uint8Array, limits: IngestLimits): Promise<string[]> {
  // Loaded on first use: pdf.js is heavy, and most runs take the pdftotext path or are not PDFs.
  const lib = await import('pdf-parse');
  const parser = new lib.PDFParse({ data: new Uint8Array(bytes), verbosity: 0, stopAtErrors: false });
  try {
    const info = await withTimeout(parser.getInfo(), limits.pdfTimeoutMs, () => void parser.destroy()).catch(
      (e: unknown) => translate(e, lib),
    );
    if (info.total > limits.maxPages)
      throw new IngestError('too-many-pages', { pages: info.total, limit: limits.maxPages });
    const result = await withTimeout(
      parser.getText({ pageJoiner: '' }),
      limits.pdfTimeoutMs,
      () => void parser.destroy(),
    ).catch((e: unknown) => translate(e, lib));
    const pages = result.pages.map((p) => p.text);
    if (!hasTextLayer(pages)) throw new IngestError('scanned-pdf', { pages: info.total });
    return pages;
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
