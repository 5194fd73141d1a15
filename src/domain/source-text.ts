/** What ingest hands to parse: cleaned text with the page of every character and the structure the file format told us. */

export type SourceFormat = 'pdf' | 'docx' | 'html' | 'text' | 'markdown';

/** A page as a half-open range [start, end) of offsets into `SourceText.text`. */
export interface PageSpan {
  number: number;
  start: number;
  end: number;
}

export interface TableCell {
  text: string;
  start: number;
  end: number;
}

/** Structure hints from formats that carry it (DOCX, HTML, Markdown). Offsets into `SourceText.text`. */
export type SourceBlock =
  | { kind: 'heading'; level: number; start: number; end: number }
  | { kind: 'table'; start: number; end: number; rows: TableCell[][] };

export interface IngestWarning {
  code: string;
  da: string;
  en: string;
}

export interface SourceText {
  text: string;
  pages: PageSpan[];
  format: SourceFormat;
  warnings: IngestWarning[];
  blocks: SourceBlock[];
  /** SHA-256 (hex) of the original bytes, so every later artefact can say which input it describes. */
  sha256: string;
  byteLength: number;
}
