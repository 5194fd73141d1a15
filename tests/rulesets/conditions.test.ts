import { evaluateCondition } from '../../src/rulesets/conditions';
import { loadRulesetById, rulesetIds } from '../../src/rulesets/load-ruleset';

const facts = { relevance: 'relevant', triggers: { contact: 'unknown', place: 'no' }, themes: { 'meeting-places': true }, document: { kind: 'dk-bill' } };

describe('conditions: data, a closed set of operators, and why they hold', () => {
  it.each([
    [{ fact: 'relevance', op: 'eq', value: 'relevant' }, true],
    [{ fact: 'triggers.contact', op: 'in', value: ['yes', 'unknown'] }, true],
    [{ fact: 'triggers.place', op: 'in', value: ['yes', 'unknown'] }, false],
    [{ fact: 'themes.meeting-places', op: 'exists' }, true],
    [{ fact: 'themes.transport', op: 'exists' }, false],
    [{ all: [{ fact: 'relevance', op: 'eq', value: 'relevant' }, { not: { fact: 'document.kind', op: 'eq', value: 'uk-bill' } }] }, true],
    [{ any: [{ fact: 'triggers.place', op: 'eq', value: 'yes' }, { fact: 'triggers.contact', op: 'ne', value: 'no' }] }, true],
  ] as const)('%j → %s', (c, expected) => {
    expect(evaluateCondition(c as never, facts).ok).toBe(expected);
  });

  it('explains the facts it compared', () => {
    const r = evaluateCondition({ all: [{ fact: 'relevance', op: 'eq', value: 'relevant' }, { fact: 'triggers.contact', op: 'in', value: ['yes', 'unknown'] }] }, facts);
    expect(r.why).toEqual(['relevance = relevant (eq relevant: opfyldt)', 'triggers.contact = unknown (in ["yes","unknown"]: opfyldt)']);
  });

  it.each(rulesetIds())('every stage-2 question of %s can be evaluated', (id) => {
    const rs = loadRulesetById(id);
    for (const q of rs.questions) {
      const visible = evaluateCondition(q.visibleWhen, { relevance: 'relevant', triggers: Object.fromEntries(rs.triggers.map((t) => [t.id, 'yes'])) });
      expect(typeof visible.ok).toBe('boolean');
      expect(visible.why.length).toBeGreaterThan(0);
    }
  });
});
