import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assess } from '../src/assessments/assess';
import { ingest } from '../src/ingest/ingest';
import { parse } from '../src/parse/parse';
import { projectRoot } from '../src/project-root';
import { readAnswersFile } from '../src/questionnaire/answers-file';
import { renderDocx } from '../src/report/render-docx';
import { loadRulesetById } from '../src/rulesets/load-ruleset';
import { emit, type Section } from './report';

const GOAL_MS = 150;

/** Warm note generation for a full assessment (the amending-bill sample with every question answered). */
export async function noteBench(reps = 20): Promise<Section> {
  const root = projectRoot();
  const ruleset = loadRulesetById('dk-lovforslag');
  const doc = parse(await ingest(readFileSync(path.join(root, 'samples', 'lovforslag-aendring.docx'))));
  const loaded = readAnswersFile(
    readFileSync(path.join(root, 'tests', 'fixtures', 'answers-lovforslag-aendring.yaml'), 'utf8'),
    ruleset,
  );
  const now = new Date('2026-11-24T12:00:00Z');
  const once = async (): Promise<number> => {
    const t0 = performance.now();
    const { note } = assess({
      doc,
      ruleset,
      answers: loaded.answers,
      unconfirmed: loaded.unconfirmed,
      meta: {},
      mode: 'a',
      now,
    });
    await renderDocx(note, now);
    return performance.now() - t0;
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) times.push(await once());
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? NaN;
  return {
    title: 'Note generation',
    lines: [
      `Detect + questionnaire + ImpactNote model + .docx, for the amending-bill sample (\`samples/lovforslag-aendring.docx\`) with every question answered (\`tests/fixtures/answers-lovforslag-aendring.yaml\`), warm, median of ${reps}: **${median.toFixed(1)} ms**. How it grows with the size of the document: see the scaling section.`,
    ],
    goals: [
      {
        what: 'note generation for a full assessment',
        goal: `< ${GOAL_MS} ms`,
        figure: `${median.toFixed(1)} ms (${(median / GOAL_MS).toFixed(2)}× the goal)`,
        met: median < GOAL_MS,
        by: `${(median - GOAL_MS).toFixed(0)} ms`,
      },
    ],
  };
}

if (require.main === module) {
  void noteBench(process.argv.includes('--quick') ? 5 : 20).then(emit);
}
