import path from 'node:path';
import { detect } from '../../src/detect/detect';
import { projectRoot } from '../../src/project-root';
import { loadRuleset } from '../../src/rulesets/load-ruleset';
import { parseSample } from '../helpers/samples';
import { main } from '../../src/cli/main';

const mini = loadRuleset(path.join(projectRoot(), 'tests', 'fixtures', 'rulesets', 'mini'));

describe('detect on the amending-bill sample (mini ruleset)', () => {
  it('points every piece of evidence at a provision label and page, with the match marked in the quote', async () => {
    const doc = await parseSample('lovforslag-aendring.docx');
    const found = detect(doc, mini);
    const evidence = found.findings.flatMap((f) => f.evidence);
    expect(evidence.length).toBeGreaterThan(0);
    for (const e of evidence) {
      expect(e.label).toMatch(/^(§|Almindelige bemærkninger|Bemærkninger til|Titel|Bilag)/);
      expect(e.quote.slice(e.matchStart, e.matchEnd).toLowerCase()).toBe(
        doc.text.slice(e.start, e.end).replace(/\s+/g, ' ').toLowerCase(),
      );
      expect(e.marked).toContain('⟦');
      expect(found.trace.some((t) => t.startsWith(`${e.ruleId}:`) && t.includes(e.label))).toBe(true);
    }
    // Visits come from the new § 117 that § 1, nr. 10 inserts: inserted wording, labelled as the new provision.
    const contact = found.findings.find((f) => f.theme === 'contact-rights');
    expect(contact?.evidence.some((e) => e.scope === 'inserted' && /\(§ 1, nr\. \d+\)$/.test(e.label))).toBe(
      true,
    );
  });

  it('reports coverage: what was looked for and not found', async () => {
    const doc = await parseSample('lovforslag-ny-lov.txt');
    const found = detect(doc, mini);
    expect(found.coverage.looked.map((l) => l.id).sort()).toEqual([
      'contact-rights',
      'meeting-places',
      'older-people',
    ]);
    expect(found.coverage.note).toMatch(/Ikke fundet er ikke det samme som ikke relevant/);
    expect(found.triggers.map((t) => t.trigger)).toEqual(['place', 'contact', 'risk-groups']);
  });
});

describe('relationstjek screen --json', () => {
  it('prints one versioned JSON object per file with relevance, findings and evidence', async () => {
    let out = '';
    const code = await main(
      [
        'node',
        'relationstjek',
        'screen',
        path.join('samples', 'lovforslag-aendring.docx'),
        path.join('samples', 'lovforslag-ny-lov.txt'),
        '--json',
        '--ruleset',
        'tests/fixtures/rulesets/mini',
      ],
      { stdout: (s) => (out += s), stderr: () => undefined },
    );
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const j of lines) {
      expect(j.schema).toBe('relationstjek/screening@1');
      expect(['relevant', 'not-relevant', 'unknown']).toContain(j.relevance.suggestion);
      expect(j.relevance.confidence).toBeGreaterThanOrEqual(0);
      expect(j.relevance.confidence).toBeLessThanOrEqual(1);
      for (const f of j.findings) {
        expect(typeof f.theme).toBe('string');
        for (const e of f.evidence)
          expect(e).toEqual(
            expect.objectContaining({
              label: expect.any(String),
              page: expect.any(Number),
              quote: expect.any(String),
            }),
          );
      }
    }
    expect(lines[0].file).toContain('lovforslag-aendring.docx');
  });
});
