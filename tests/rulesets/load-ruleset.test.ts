import path from 'node:path';
import { loadRuleset, RulesetError, type RulesetProblem } from '../../src/rulesets/load-ruleset';
import { projectRoot } from '../../src/project-root';

const FIXTURES = path.join(projectRoot(), 'tests', 'fixtures', 'rulesets');

describe('loading rulesets', () => {
  it('loads a valid ruleset with every list and default filled in', () => {
    const rs = loadRuleset(path.join(FIXTURES, 'mini'));
    expect(rs).toMatchObject({ id: 'mini', version: '0.1.0', language: 'da' });
    expect(rs.rules.find((r) => r.id === 'contact-rights')?.scope).toEqual(['law', 'inserted']);
    expect(rs.lexicons.find((l) => l.id === 'places')?.entries[0]?.compound).toBe('both');
  });

  it('reports every problem of a broken ruleset at once, each with file, path and line', () => {
    let problems: RulesetProblem[] = [];
    try {
      loadRuleset(path.join(FIXTURES, 'broken'));
    } catch (e) {
      expect(e).toBeInstanceOf(RulesetError);
      problems = (e as RulesetError).problems;
    }
    const lines = problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''} ${p.path}: ${p.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ruleset\.yaml:2 schema: .*relationstjek\/ruleset@1/),
        expect.stringMatching(/^ruleset\.yaml:3 id: .*kebab-case/),
        expect.stringMatching(/^ruleset\.yaml:4 version: .*semver/),
        expect.stringMatching(/^ruleset\.yaml:11 relevance: .*unknownFrom/),
        expect.stringMatching(/^ruleset\.yaml:12 outcomes\.significantMagnitude: /),
        expect.stringMatching(/^ruleset\.yaml:16 themes\[0\]\.triggers\[0\]: ukendt trigger "nowhere"/),
        expect.stringMatching(/^ruleset\.yaml:16 themes\[0\]\.id: .*ingen regel/),
        expect.stringMatching(
          /^more\.yaml:4 lexicons\[0\]\.entries\[0\]\.source\.ref: ukendt kilde "no-such-source"/,
        ),
        expect.stringMatching(/^more\.yaml:5 lexicons\[0\]\.entries\[1\]\.term: /),
        expect.stringMatching(/^more\.yaml:7 rules\[0\]: .*"eval"/),
        expect.stringMatching(/^more\.yaml:10 rules\[0\]\.target: ukendt theme "not-a-theme"/),
        expect.stringMatching(
          /^missing\.yaml (roden)?: ?filen findes ikke|^missing\.yaml : filen findes ikke/,
        ),
      ]),
    );
    expect(problems.length).toBeGreaterThanOrEqual(14);
  });
});

describe('the JSON Schema for editors', () => {
  it('is the one generated from the zod schema (npm run rulesets:schema)', () => {
    const { readFileSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
    const { rulesetJsonSchema } = jest.requireActual<typeof import('../../src/rulesets/json-schema')>('../../src/rulesets/json-schema');
    const committed = JSON.parse(readFileSync(path.join(projectRoot(), 'docs', 'ruleset.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(rulesetJsonSchema())));
  });
});
