/** Every way an input can be refused, each with a message a lawyer understands, in Danish and English. */
export type IngestErrorCode =
  | 'empty-file'
  | 'unsupported-type'
  | 'corrupt-file'
  | 'encrypted-pdf'
  | 'scanned-pdf'
  | 'too-large'
  | 'too-many-pages'
  | 'not-text';

export interface IngestLimits {
  maxBytes: number;
  maxPages: number;
  /** Wall-clock budget for reading one PDF; a hostile file must not hold a worker forever. */
  pdfTimeoutMs: number;
}

/** `auto` uses poppler's pdftotext when installed (fast path), else pdf.js via pdf-parse (pure JS). */
export type PdfEngine = 'auto' | 'pdfjs' | 'poppler';

export const DEFAULT_LIMITS: IngestLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxPages: 2000,
  pdfTimeoutMs: 120_000,
};

function mb(bytes: number, locale = 'da-DK'): string {
  return (bytes / (1024 * 1024)).toLocaleString(locale, { maximumFractionDigits: 1 });
}

/** A detail shown inside a message: the same in both languages, or worded for each. */
export type Detail = string | number | { da: string; en: string };
type Details = Record<string, Detail>;

function inLanguage(details: Details, lang: 'da' | 'en'): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(details).map(([k, v]) => [k, typeof v === 'object' ? v[lang] : v]),
  );
}

const MESSAGES: Record<IngestErrorCode, (d: Record<string, string | number>) => { da: string; en: string }> =
  {
    // A file of only markup or white space is not 0 bytes: saying so would send the user looking in vain.
    'empty-file': (d) =>
      Number(d.bytes ?? 0) > 0
        ? {
            da: `Filen er tom for tekst: den indeholder ingen tekst, kun opmærkning eller blanktegn (${d.bytes} byte). Kontrollér, at det er det rigtige dokument, eller indsæt teksten direkte.`,
            en: `The file has no text, only markup or white space (${d.bytes} bytes). Check that it is the right document, or paste the text.`,
          }
        : {
            da: 'Filen er tom (0 byte). Vælg dokumentet igen, eller indsæt teksten direkte.',
            en: 'The file is empty (0 bytes). Choose the document again or paste the text.',
          },
    'unsupported-type': (d) => ({
      da: `Filtypen kan ikke læses (${d.detected}). Brug PDF, Word (.docx), HTML, tekst eller Markdown.`,
      en: `This file type cannot be read (${d.detected}). Use PDF, Word (.docx), HTML, plain text or Markdown.`,
    }),
    'corrupt-file': (d) => ({
      da: `Filen er beskadiget og kan ikke åbnes som ${d.format}. Gem dokumentet igen fra det program, det blev lavet i, og prøv igen.`,
      en: `The file is damaged and cannot be opened as ${d.format}. Save the document again from the program that made it and retry.`,
    }),
    'encrypted-pdf': () => ({
      da: 'PDF-filen er beskyttet med adgangskode. Fjern beskyttelsen, eller brug Word-udgaven af dokumentet.',
      en: 'The PDF is password-protected. Remove the protection or use the Word version of the document.',
    }),
    'scanned-pdf': (d) => ({
      da: `PDF-filen har ingen tekst, kun billeder (${d.pages} sider) – den er sandsynligvis scannet. Brug den oprindelige Word- eller PDF-udgave med tekst.`,
      en: `The PDF has no text layer, only images (${d.pages} pages) – it is probably scanned. Use the original Word or text PDF.`,
    }),
    // A DOCX is a zip: its unpacked size, not the file's, is what passed the limit (a zip bomb, or damage).
    'too-large': (d) =>
      d.unpacked
        ? {
            da: `Word-filen er for stor, når den pakkes ud (${mb(Number(d.bytes))} MB udpakket). Grænsen er ${mb(Number(d.limit))} MB. Filen er beskadiget eller en såkaldt zip-bombe; gem dokumentet igen fra Word.`,
            en: `The Word file is too large when unpacked (${mb(Number(d.bytes), 'en-GB')} MB unpacked). The limit is ${mb(Number(d.limit), 'en-GB')} MB. The file is damaged or a so-called zip bomb; save the document again from Word.`,
          }
        : {
            da: `Filen er for stor (${mb(Number(d.bytes))} MB). Grænsen er ${mb(Number(d.limit))} MB.`,
            en: `The file is too large (${mb(Number(d.bytes), 'en-GB')} MB). The limit is ${mb(Number(d.limit), 'en-GB')} MB.`,
          },
    'too-many-pages': (d) => ({
      da: `Dokumentet har for mange sider (${d.pages}). Grænsen er ${d.limit} sider.`,
      en: `The document has too many pages (${d.pages}). The limit is ${d.limit} pages.`,
    }),
    'not-text': (d) => ({
      da: `Filen indeholder ikke læsbar tekst (${d.why}). Den er måske et program eller et billede med forkert filendelse.`,
      en: `The file does not contain readable text (${d.why}). It may be a program or an image with the wrong file extension.`,
    }),
  };

export class IngestError extends Error {
  readonly code: IngestErrorCode;
  readonly da: string;
  readonly en: string;

  constructor(code: IngestErrorCode, details: Details = {}) {
    const da = MESSAGES[code](inLanguage(details, 'da')).da;
    const en = MESSAGES[code](inLanguage(details, 'en')).en;
    super(en);
    this.name = 'IngestError';
    this.code = code;
    this.da = da;
    this.en = en;
  }
}

export function isIngestError(e: unknown): e is IngestError {
  return e instanceof IngestError;
}
