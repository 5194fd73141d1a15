import { readFileSync } from 'node:fs';
import { ingest } from '../src/ingest/ingest';
import type { PdfEngine } from '../src/ingest/ingest-error';
import { parse } from '../src/parse/parse';

/** One cold run of the whole pipeline in a fresh process: what a CLI user waits for. */
async function once(file: string, engine: PdfEngine): Promise<void> {
  const doc = parse(await ingest(readFileSync(file), { pdfEngine: engine }));
  process.stdout.write(`${doc.body.length}\n`);
}

void once(process.argv[2] ?? '', (process.argv[3] as PdfEngine | undefined) ?? 'auto');
