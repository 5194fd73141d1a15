import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { detect } from '../src/detect/detect';
import type { LegalDocument } from '../src/domain/legal-document';
import { ingest } from '../src/ingest/ingest';
import { parse } from '../src/parse/parse';
import { loadRulesetById } from '../src/rulesets/load-ruleset';
import { CORPUS_DIR } from './corpus';

/**
 * The full findings JSON of every corpus act, to prove a change to src/detect leaves its output unchanged:
 *
 *   node dist/bench/detection-output.js write FILE   (before the change)
 *   node dist/bench/detection-output.js check FILE   (after: exits 1 on the first act that differs)
 *
 * FILE is JSON lines, one act each: its name, the SHA-256 of its findings JSON and the JSON itself (so a
 * difference can be read). Each act is detected twice in one process, so state kept between runs (memoised
 * word infos, scratch buffers) is covered too.
 */
export async function findingsJsonLines(rulesetId = 'dk-lovforslag'): Promise<string[]> {
  const ruleset = loadRulesetById(rulesetId);
  const files = readFileSync(path.join(CORPUS_DIR, 'manifest.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { file: string }).file);
  const docs: { f: string; doc: LegalDocument }[] = [];
  for (const f of files)
    docs.push({ f, doc: parse(await ingest(readFileSync(path.join(CORPUS_DIR, f)), { fileName: f })) });
  const out: string[] = [];
  for (let round = 0; round < 2; round++) {
    for (const { f, doc } of docs) {
      const json = JSON.stringify(detect(doc, ruleset));
      const sha256 = createHash('sha256').update(json).digest('hex');
      if (round === 1) out.push(JSON.stringify({ file: f, sha256, findings: JSON.parse(json) as unknown }));
      else out.push(sha256);
    }
    if (round === 1) {
      // The second round must agree with the first: no run-to-run state leaks into the output.
      out.forEach((line, i) => {
        const first = out[i - docs.length];
        if (first !== undefined && (JSON.parse(line) as { sha256: string }).sha256 !== first)
          throw new Error(`${docs[i - docs.length]?.f}: a second run gave other findings`);
      });
      out.splice(0, docs.length);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if ((mode !== 'write' && mode !== 'check') || !file)
    throw new Error('usage: detection-output.js write|check FILE');
  const lines = await findingsJsonLines();
  if (mode === 'write') {
    writeFileSync(file, `${lines.join('\n')}\n`);
    process.stdout.write(`${lines.length} acts written to ${file}\n`);
    return;
  }
  if (!existsSync(file)) throw new Error(`${file} is missing: write it before the change`);
  const before = readFileSync(file, 'utf8').trim().split('\n');
  if (before.length !== lines.length) throw new Error(`${before.length} acts before, ${lines.length} now`);
  let same = 0;
  lines.forEach((line, i) => {
    if (line === before[i]) same++;
    else process.stderr.write(`differs: ${(JSON.parse(line) as { file: string }).file}\n`);
  });
  process.stdout.write(`${same} of ${lines.length} acts: identical findings JSON\n`);
  if (same !== lines.length) process.exit(1);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
