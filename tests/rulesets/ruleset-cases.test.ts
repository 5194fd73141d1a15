import path from 'node:path';
import { loadRuleset, loadRulesetById, rulesetIds } from '../../src/rulesets/load-ruleset';
import { projectRoot } from '../../src/project-root';
import { runRulesetCases } from '../../src/rulesets/run-cases';

const dirs = [
  ...rulesetIds().map((id) => ({ id, load: () => loadRulesetById(id) })),
  {
    id: 'mini (test fixture)',
    load: () => loadRuleset(path.join(projectRoot(), 'tests', 'fixtures', 'rulesets', 'mini')),
  },
];

describe.each(dirs)('ruleset $id', ({ load }) => {
  it('lints, passes all its cases, and every rule has a firing case and a near miss', async () => {
    const rs = load();
    const report = await runRulesetCases(rs);
    const failed = report.results
      .filter((r) => r.failures.length > 0)
      .map((r) => `${r.file}: ${r.name}\n  ${r.failures.join('\n  ')}`);
    expect(failed).toEqual([]);
    expect(report.uncovered).toEqual([]);
    expect(report.results.length).toBeGreaterThan(0);
  });
});
