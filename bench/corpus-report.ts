import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { detect } from '../src/detect/detect';
import type { Findings } from '../src/domain/findings';
import { ingest } from '../src/ingest/ingest';
import { parse } from '../src/parse/parse';
import { projectRoot } from '../src/project-root';
import { CORPUS_DIR } from './corpus';
import { loadRulesetById } from '../src/rulesets/load-ruleset';

/**
 * Screens every act of ../shared/corpus/dk-laws with a ruleset (default dk-lovforslag) and prints how often
 * each rule fires (rules that never fire, or fire almost everywhere, are listed), the acts suggested relevant
 * and not relevant, and — against the hand labels in tests/fixtures/relevance-labels.yaml — precision and
 * recall of the relevance suggestion with every miss explained.
 */
const ROOT = projectRoot();
const CORPUS = CORPUS_DIR;
const rulesetId =
  process.argv.find((a) => a.startsWith('--ruleset='))?.slice('--ruleset='.length) ?? 'dk-lovforslag';
const verbose = process.argv.includes('--verbose');

interface Label {
  file: string;
  title: string;
  label: 'relevant' | 'not-relevant';
  difficulty: string;
  triggers?: string[];
  reason: string;
}

async function main(): Promise<void> {
  const ruleset = loadRulesetById(rulesetId);
  const manifest = readFileSync(path.join(CORPUS, 'manifest.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { file: string; title: string });
  const results = new Map<string, Findings>();
  const fires = new Map<string, number>(ruleset.rules.map((r) => [r.id, 0]));
  let detectMs = 0;
  for (const m of manifest) {
    const doc = parse(await ingest(readFileSync(path.join(CORPUS, m.file)), { fileName: m.file }));
    const t0 = performance.now();
    const found = detect(doc, ruleset);
    detectMs += performance.now() - t0;
    results.set(m.file, found);
    const fired = new Set(found.findings.flatMap((f) => f.evidence.map((e) => e.ruleId)));
    for (const r of fired) fires.set(r, (fires.get(r) ?? 0) + 1);
  }
  const n = manifest.length;
  const out: string[] = [];
  out.push(
    `# Corpus report: ${ruleset.id}@${ruleset.version} on ${n} acts (detection ${detectMs.toFixed(0)} ms)`,
    '',
  );
  out.push('## How often each rule fires (acts)', '');
  for (const [id, count] of [...fires].sort((a, b) => b[1] - a[1]))
    out.push(`${String(count).padStart(4)}  ${id}`);
  const never = [...fires].filter(([, c]) => c === 0).map(([id]) => id);
  const everywhere = [...fires].filter(([, c]) => c > n * 0.5).map(([id]) => id);
  out.push('', `Never fire (${never.length}): ${never.join(', ') || '–'}`);
  out.push(`Fire in more than half the acts (${everywhere.length}): ${everywhere.join(', ') || '–'}`);
  const by = (s: string): string[] =>
    manifest
      .filter((m) => results.get(m.file)?.relevance.suggestion === s)
      .map((m) => `${m.file}  ${m.title.slice(0, 90)}`);
  for (const s of ['relevant', 'unknown', 'not-relevant']) {
    const list = by(s);
    out.push('', `## Suggested ${s} (${list.length})`, '');
    out.push(
      ...(verbose || s !== 'not-relevant'
        ? list
        : [...list.slice(0, 20), list.length > 20 ? `… ${list.length - 20} more (--verbose)` : '']),
    );
  }

  const labels = parseYaml(
    readFileSync(path.join(ROOT, 'tests', 'fixtures', 'relevance-labels.yaml'), 'utf8'),
  ) as Label[];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let unknownRel = 0;
  let unknownNot = 0;
  const misses: string[] = [];
  for (const l of labels) {
    const found = results.get(l.file);
    if (!found) continue;
    const s = found.relevance.suggestion;
    // "unknown" asks a human: counted as flagged (it is not silently "no"), and listed.
    const flagged = s !== 'not-relevant';
    if (s === 'unknown') {
      if (l.label === 'relevant') unknownRel++;
      else unknownNot++;
    }
    if (l.label === 'relevant' && flagged) tp++;
    else if (l.label === 'relevant') {
      fn++;
      misses.push(
        `MISSED  ${l.file} (${l.difficulty}) ${l.title.slice(0, 70)}\n        label: ${l.reason}\n        tool: ${found.relevance.reasons.join('; ')}${found.findings.length ? ` [weak: ${found.findings.map((f) => `${f.theme} ${f.score}`).join(', ')}]` : ''}`,
      );
    } else if (flagged) {
      fp++;
      const top = found.findings[0]?.evidence[0];
      misses.push(
        `FALSE+  ${l.file} (${l.difficulty}) ${l.title.slice(0, 70)}\n        label: ${l.reason}\n        tool: ${s}; ${found.findings.map((f) => `${f.theme} ${f.score}`).join(', ')}${top ? `\n        e.g. ${top.label}: ${top.marked.slice(0, 200)}` : ''}`,
      );
    } else tn++;
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  out.push(
    '',
    `## Relevance against ${labels.length} hand labels (tests/fixtures/relevance-labels.yaml)`,
    '',
  );
  out.push(`relevant labelled: ${tp + fn}, not relevant labelled: ${fp + tn}`);
  out.push(
    `true positives ${tp}, false positives ${fp}, false negatives ${fn}, true negatives ${tn} (of which "unknown": ${unknownRel} relevant, ${unknownNot} not relevant)`,
  );
  const f1 = (p: number, r: number): string => ((2 * p * r) / Math.max(1e-9, p + r)).toFixed(2);
  out.push(
    `"unknown" counted as flagged: precision ${(precision * 100).toFixed(1)} %, recall ${(recall * 100).toFixed(1)} %, F1 ${f1(precision, recall)}`,
  );
  const sTp = tp - unknownRel;
  const sFp = fp - unknownNot;
  const sP = sTp / Math.max(1, sTp + sFp);
  const sR = sTp / Math.max(1, tp + fn);
  out.push(
    `only "relevant" counted as flagged: precision ${(sP * 100).toFixed(1)} %, recall ${(sR * 100).toFixed(1)} %, F1 ${f1(sP, sR)}`,
  );
  out.push('', ...misses);
  process.stdout.write(`${out.join('\n')}\n`);
}

void main();
