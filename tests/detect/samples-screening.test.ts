import { detect } from '../../src/detect/detect';
import { chooseRuleset } from '../../src/rulesets/choose-ruleset';
import { parseSample } from '../helpers/samples';

/** The amendment item a piece of evidence belongs to: "§ 1, nr. 3" from "§ 83 b, stk. 2 (§ 1, nr. 3)". */
function item(label: string): string | undefined {
  return /\((§ \d+, nr\. \d+)\)$/.exec(label)?.[1] ?? /^(§ \d+, nr\. \d+)$/.exec(label)?.[1];
}

describe('screening the samples with the rulesets chosen for them', () => {
  it('the amending bill: findings point at the amendment items that cause them', async () => {
    const doc = await parseSample('lovforslag-aendring.docx');
    const ruleset = chooseRuleset(doc);
    expect(ruleset.id).toBe('dk-lovforslag');
    const found = detect(doc, ruleset);
    expect(found.relevance.suggestion).toBe('relevant');
    const items = (theme: string): Set<string> =>
      new Set(
        (found.findings.find((f) => f.theme === theme)?.evidence ?? [])
          .map((e) => item(e.label))
          .filter((x): x is string => !!x),
      );
    // Digital visitation and screen support: the new § 83 b (item 3) and § 85, stk. 3 (item 4).
    expect([...items('digital-channels')]).toEqual(expect.arrayContaining(['§ 1, nr. 3', '§ 1, nr. 4']));
    // Couples kept together when care homes merge (item 11) and the new § 108, stk. 2 (item 6).
    expect([...items('institutions-as-homes')]).toEqual(
      expect.arrayContaining(['§ 1, nr. 11', '§ 1, nr. 6']),
    );
    // Household rules: the housing act's new § 54 d (§ 2, nr. 2) and cohabitation in aktiv socialpolitik (§ 3, nr. 1).
    expect([...items('household-rules')]).toEqual(expect.arrayContaining(['§ 2, nr. 2', '§ 3, nr. 1']));
    // Nothing points at the pure renaming of the agency (§ 1, nr. 1) or the renumbering (§ 1, nr. 9).
    const all = found.findings.flatMap((f) => f.evidence.map((e) => item(e.label)));
    expect(all).not.toContain('§ 1, nr. 1');
    expect(all).not.toContain('§ 1, nr. 9');
  });

  it('the English bill is screened with uk-family-test automatically', async () => {
    const doc = await parseSample('uk-bill.txt');
    const ruleset = chooseRuleset(doc);
    expect(ruleset.id).toBe('uk-family-test');
    const found = detect(doc, ruleset);
    expect(found.relevance.suggestion).toBe('relevant');
    expect(found.findings.map((f) => f.theme)).toEqual(
      expect.arrayContaining(['care-home-visiting', 'kinship-contact']),
    );
  });

  it('the municipal agenda item is screened with dk-kommune', async () => {
    const doc = await parseSample('kommune-dagsordenspunkt.docx');
    expect(chooseRuleset(doc).id).toBe('dk-kommune');
  });

  it('a technical act is not relevant', async () => {
    const { ingest } = await import('../../src/ingest/ingest');
    const { parse } = await import('../../src/parse/parse');
    const doc = parse(
      await ingest(
        Buffer.from(
          'Bekendtgørelse om måleinstrumenter\n\n§ 1. Vægte skal være forsynet med CE-mærkning.\n\n§ 2. Stk. 1. Måleinstrumenter skal kontrolleres hvert andet år.\n\nStk. 2. Kontrollen foretages af et akkrediteret organ.\n',
        ),
      ),
    );
    const found = detect(doc, chooseRuleset(doc));
    expect(found.relevance.suggestion).toBe('not-relevant');
    expect(found.findings).toEqual([]);
  });
});
