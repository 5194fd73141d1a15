import os from 'node:os';
import type { MessagePort } from 'node:worker_threads';
import { detect } from '../detect/detect';
import { ingest } from '../ingest/ingest';
import { IngestError } from '../ingest/ingest-error';
import { parse } from '../parse/parse';
import { loadRulesetById } from '../rulesets/load-ruleset';
import type { Ruleset } from '../rulesets/ruleset-schema';

export interface ProcessInput {
  bytes: Uint8Array;
  fileName: string;
  rulesetId: string;
  maxBytes: number;
  /** Where the worker reports the stage it is in: ingest, parse, detect. */
  port?: MessagePort;
}

export type ProcessOutput =
  | { ok: true; text: string; documentJson: string; findingsJson: string; pages: number }
  | { ok: false; error: { code: string; da: string; en: string } };

const rulesets = new Map<string, Ruleset>();

// On Linux a thread has its own nice value, and setpriority(0) sets the calling thread's: documents (and the
// pdftotext they start) yield the CPU to the page requests of the main thread.
try {
  os.setPriority(10);
} catch {
  // not permitted or not supported: documents then share the CPU equally
}

/**
 * One document through ingest → parse → detect, in a worker thread (piscina) so the web server's event loop
 * never waits for it. Bad input is an answer, not an exception: error classes do not survive the thread boundary.
 */
export default async function processDocument(input: ProcessInput): Promise<ProcessOutput> {
  try {
    input.port?.postMessage('ingest');
    const source = await ingest(input.bytes, {
      fileName: input.fileName,
      limits: { maxBytes: input.maxBytes },
    });
    input.port?.postMessage('parse');
    const doc = parse(source);
    input.port?.postMessage('detect');
    let ruleset = rulesets.get(input.rulesetId);
    if (!ruleset) {
      ruleset = loadRulesetById(input.rulesetId);
      rulesets.set(input.rulesetId, ruleset);
    }
    const findings = detect(doc, ruleset);
    return {
      ok: true,
      text: doc.text,
      documentJson: JSON.stringify(doc),
      findingsJson: JSON.stringify(findings),
      pages: source.pages.length,
    };
  } catch (e) {
    if (e instanceof IngestError) return { ok: false, error: { code: e.code, da: e.da, en: e.en } };
    throw e;
  } finally {
    input.port?.close();
  }
}
