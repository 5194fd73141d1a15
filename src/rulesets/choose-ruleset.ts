import type { LegalDocument } from '../domain/legal-document';
import { loadRulesetById, rulesetIds, RULESETS_DIR } from './load-ruleset';
import type { Ruleset } from './ruleset-schema';

/**
 * The ruleset for a document when the user names none: the first whose `appliesTo.kinds` has the document's
 * kind and whose language is the document's; a generic English text gets the English ruleset.
 */
export function chooseRuleset(doc: Pick<LegalDocument, 'kind' | 'language'>, root = RULESETS_DIR): Ruleset {
  const all = rulesetIds(root).map((id) => loadRulesetById(id, root));
  const fits = all.filter((r) => r.appliesTo.kinds.includes(doc.kind));
  const chosen =
    fits.find((r) => r.language === doc.language) ??
    all.find((r) => r.language === doc.language) ??
    fits[0] ??
    all[0];
  if (!chosen) throw new Error(`Ingen regelsæt fundet i ${root}`);
  return chosen;
}
