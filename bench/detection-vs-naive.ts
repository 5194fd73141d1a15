import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detect, lexiconIndex } from '../src/detect/detect';
import type { LegalDocument } from '../src/domain/legal-document';
import { ingest } from '../src/ingest/ingest';
import { parse } from '../src/parse/parse';
import { CORPUS_DIR } from './corpus';
import { loadRulesetById } from '../src/rulesets/load-ruleset';
import { emit, type Goal, type Section } from './report';

/**
 * Detection on the 300-act corpus on one core, next to a naive baseline that runs one regular expression per
 * lexicon term (case-insensitive, word start, any ending) over the same text. Prints both and the ratio.
 * Both are timed warm (after one untimed run), so the naive regexes are compiled and our word memo is filled.
 */
const GOAL_MS = 1000;
const GOAL_FASTER = 10;
const CORPUS = CORPUS_DIR;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function detectionBench(rulesetId = 'dk-lovforslag', reps = 3): Promise<Section> {
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
  const faster = naive.ms / ours.ms;
  const goals: Goal[] = [
    {
      what: `detection on the ${docs.length}-act corpus`,
      goal: `≤ ${GOAL_MS} ms`,
      figure: `${ours.ms.toFixed(0)} ms`,
      met: ours.ms <= GOAL_MS,
      by: `${(ours.ms - GOAL_MS).toFixed(0)} ms`,
    },
    {
      what: 'detection next to the naive baseline',
      goal: `≥ ${GOAL_FASTER}× faster`,
      figure: `${faster.toFixed(1)}× faster (${ours.ms.toFixed(0)} ms vs ${naive.ms.toFixed(0)} ms)`,
      met: faster >= GOAL_FASTER,
      by: `${(GOAL_FASTER - faster).toFixed(1)}×`,
    },
  ];
  return {
    title: 'Detection on the 300-act corpus',
    lines: [
      `Ruleset ${ruleset.id}@${ruleset.version} (${terms.length} lexicon terms, ${ruleset.rules.length} rules) on ${docs.length} acts, ${(bytes / 2 ** 20).toFixed(1)} MiB of text, one core (${os.cpus()[0]?.model.trim() ?? 'CPU'}), warm, median of ${reps}.`,
      '',
      '| what | ms | ratio to naive |',
      '|---|---:|---:|',
      `| naive: one regex per lexicon term over every act (${naive.result} raw hits, no provisions, no evidence) | ${naive.ms.toFixed(0)} | 1.00× |`,
      `| Relationstjek detect: all rules, evidence, scores, triggers (${ours.result} findings) | ${ours.ms.toFixed(0)} | ${faster.toFixed(1)}× faster |`,
      '',
      `Parsing the corpus first (not included above): ${parseMs.toFixed(0)} ms. ` +
        '`node dist/bench/detection-output.js check FILE` compares the full findings JSON of every act with a copy written before a change to src/detect.',
    ],
    goals,
  };
}

if (require.main === module) {
  const quick = process.argv.includes('--quick');
  const at = process.argv.indexOf('--ruleset');
  void detectionBench(at > 0 ? process.argv[at + 1] : undefined, quick ? 1 : 5).then(emit);
}
