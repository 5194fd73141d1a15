import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LegalDocument } from '../../src/domain/legal-document';
import type { PdfEngine } from '../../src/ingest/ingest-error';
import { ingest } from '../../src/ingest/ingest';
import { parse } from '../../src/parse/parse';
import { projectRoot } from '../../src/project-root';

export const SAMPLES_DIR = path.join(projectRoot(), 'samples');

export function sampleBytes(name: string): Buffer {
  return readFileSync(path.join(SAMPLES_DIR, name));
}

export function expected<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(SAMPLES_DIR, 'src', name), 'utf8')) as T;
}

export async function parseSample(name: string, pdfEngine: PdfEngine = 'auto'): Promise<LegalDocument> {
  return parse(await ingest(sampleBytes(name), { fileName: name, pdfEngine }));
}

export { allNodes, findNode } from '../../src/domain/provision-tree';

export const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
