import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../helpers/cli';
import { detect } from '../../src/detect/detect';
import { readAnswersFile } from '../../src/questionnaire/answers-file';
import { questionnaire } from '../../src/questionnaire/questionnaire';
import { loadRulesetById } from '../../src/rulesets/load-ruleset';
import { parseSample, SAMPLES_DIR } from '../helpers/samples';

describe('relationstjek questions: the answers file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'relationstjek-answers-'));
  const file = path.join(dir, 'svar.yaml');
  const ruleset = loadRulesetById('dk-lovforslag');

  it('writes stage 1 pre-filled from the document, with evidence, marked as unconfirmed suggestions', async () => {
    const r = await cli('questions', path.join(SAMPLES_DIR, 'lovforslag-aendring.docx'), '--out', file);
    expect(r.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('schema: relationstjek/answers@1');
    expect(text).toMatch(/# {3}§ \d+ [a-z]?,? ?stk\. \d+ \(§ 1, nr\. \d+\)/);
    const loaded = readAnswersFile(text, ruleset);
    expect(loaded.errors).toEqual([]);
    expect(loaded.unconfirmed).toEqual(ruleset.triggers.map((t) => t.id));
    expect(loaded.answers.triggers).toEqual({});
  });

  it('never overwrites an answers file without --force', async () => {
    const r = await cli('questions', path.join(SAMPLES_DIR, 'lovforslag-aendring.docx'), '--out', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/findes allerede/);
  });

  it("reads the user's decisions back into the questionnaire", async () => {
    const edited = readFileSync(file, 'utf8')
      .replace(/ {2}place:\n {4}value: yes\n {4}suggested: true/, '  place:\n    value: yes\n    by: jurist')
      .replace(
        /\nquestions:\n/,
        '\nquestions:\n  maintenance:\n    affected: yes\n    direction: negative\n    magnitude: 2\n    likelihood: likely\n    mechanism: { text: "Længere til familien", provisions: ["§ 1, nr. 11"] }\n',
      );
    writeFileSync(file, edited);
    const loaded = readAnswersFile(edited, ruleset);
    expect(loaded.answers.triggers.place).toEqual({ value: 'yes', by: 'jurist' });
    expect(loaded.unconfirmed).not.toContain('place');
    const doc = await parseSample('lovforslag-aendring.docx');
    const state = questionnaire(ruleset, detect(doc, ruleset), loaded.answers, doc.kind);
    expect(state.triggers.find((t) => t.trigger === 'place')?.status).toBe('confirmed');
    expect(state.relevance).toBe('relevant');
    expect(state.visible.find((v) => v.question.id === 'maintenance')).toMatchObject({ errors: [] });
  });
});

describe('a broken answers file', () => {
  it('is bad input (exit 2) with every problem listed, not an internal error', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relationstjek-bad-answers-'));
    const bad = path.join(dir, 'svar.yaml');
    writeFileSync(bad, 'schema: nonsense\n');
    const r = await cli(
      'assess',
      path.join(SAMPLES_DIR, 'uk-bill.txt'),
      '--answers',
      bad,
      '--out',
      path.join(dir, 'n.docx'),
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Svarfilen kan ikke læses/);
    expect(r.err).toMatch(/schema: /);
    expect(r.err).toMatch(/document: /);
    writeFileSync(bad, 'triggers: [unclosed\n');
    const y = await cli(
      'assess',
      path.join(SAMPLES_DIR, 'uk-bill.txt'),
      '--answers',
      bad,
      '--out',
      path.join(dir, 'n.docx'),
    );
    expect(y.code).toBe(2);
    expect(y.err).toMatch(/YAML: /);
  });
});
