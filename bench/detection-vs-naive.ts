import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detect, lexiconIndex } from '../src/detect/detect';
import type { LegalDocument } from '../src/domain/legal-document';
import { ingest } from '../src/ingest/ingest';
import { parse } from '../src/parse/parse';
import { CORPUS_DIR } from './corpus';
import { loadRulesetById } from '../src/rulesets/load-ruleset';

/**
 * Detection on the 300-act corpus on one core, next to a naive baseline that runs one regular expression per
 * lexicon term (case-insensitive, word start, any ending) over the same text. Prints both and the ratio.
 */
const CORPUS = CORPUS_DIR;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function detectionBench(rulesetId = 'dk-lovforslag', reps = 3): Promise<string[]> {
  const ruleset = loadRulesetById(rulesetId);
  const files = readFileSync(path.join(CORPUS, 'manifest.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { file: string }).file);
  const docs: LegalDocument[] = [];
  const t0 = performance.now();
  for (const f of files) docs.push(parse(await ingest(readFileSync(path.join(CORPUS, f)), { fileName: f })));
  const parseMs = performance.now() - t0;
  const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d.text), 0);
  const terms = ruleset.lexicons.flatMap((l) => l.entries.map((e) => e.term));
  const regexes = terms.map((t) => new RegExp(`(?<![\\p{L}])${escape(t)}\\p{L}*`, 'giu'));

  lexiconIndex(ruleset);
  const timeIt = (fn: () => number): { ms: number; result: number } => {
    fn();
    const times: number[] = [];
    let result = 0;
    for (let i = 0; i < reps; i++) {
      const s = performance.now();
      result = fn();
      times.push(performance.now() - s);
    }
    return { ms: times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? NaN, result };
  };
  const ours = timeIt(() => docs.reduce((n, d) => n + detect(d, ruleset).findings.length, 0));
  const naive = timeIt(() => {
    let hits = 0;
    for (const d of docs) for (const re of regexes) hits += d.text.match(re)?.length ?? 0;
    return hits;
  });
  return [
    `Detection: ruleset ${ruleset.id}@${ruleset.version} (${terms.length} lexicon terms, ${ruleset.rules.length} rules) on ${docs.length} acts, ${(bytes / 2 ** 20).toFixed(1)} MiB of text, one core (${os.cpus()[0]?.model ?? 'CPU'}), median of ${reps}.`,
    '',
    '| what | ms | ratio to naive |',
    '|---|---:|---:|',
    `| naive: one regex per lexicon term over every act (${naive.result} raw hits, no provisions, no evidence) | ${naive.ms.toFixed(0)} | 1.00× |`,
    `| Relationstjek detect: all rules, evidence, scores, triggers (${ours.result} findings) | ${ours.ms.toFixed(0)} | ${(naive.ms / ours.ms).toFixed(1)}× faster |`,
    '',
    `Parsing the corpus first (not included above): ${parseMs.toFixed(0)} ms. Goals: detection ≤ 1 s for the corpus, ≥ 10× the naive baseline.`,
  ];
}

if (require.main === module) {
  void detectionBench(process.argv[2]).then((lines) => process.stdout.write(`${lines.join('\n')}\n`));
}
