import type { LegalDocument } from '../domain/legal-document';
import { loadRulesetById, RulesetError, rulesetIds, RULESETS_DIR } from './load-ruleset';
import type { Ruleset } from './ruleset-schema';

/**
 * The ruleset for a document when the user names none: the first whose `appliesTo.kinds` has the document's
 * kind and whose language is the document's; a generic English text gets an English ruleset. A broken ruleset
 * does not stop the others from being chosen; it is only an error when nothing else fits.
 */
export function chooseRuleset(doc: Pick<LegalDocument, 'kind' | 'language'>, root = RULESETS_DIR): Ruleset {
  const all: Ruleset[] = [];
  const broken: RulesetError[] = [];
  for (const id of rulesetIds(root)) {
    try {
      all.push(loadRulesetById(id, root));
    } catch (e) {
      if (!(e instanceof RulesetError)) throw e;
      broken.push(e);
    }
  }
  const fits = all.filter((r) => r.appliesTo.kinds.includes(doc.kind));
  const chosen = fits.find((r) => r.language === doc.language) ?? (fits.length === 0 ? all.find((r) => r.language === doc.language) : fits[0]);
  if (chosen) return chosen;
  if (broken[0]) throw broken[0];
  throw new Error(`Ingen regelsæt fundet i ${root}`);
}
