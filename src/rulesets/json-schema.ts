import { z } from 'zod';
import { RulesetFile } from './ruleset-schema';

/** JSON Schema for editors, generated from the zod schema so the two never disagree. */
export function rulesetJsonSchema(): unknown {
  return z.toJSONSchema(RulesetFile, { io: 'input', unrepresentable: 'any' });
}
