import { z } from 'zod';

/**
 * The ruleset format: data a policy expert can read, change and test without touching code. Conditions and
 * match expressions are data (all / any / not, fact paths, a closed set of operators), never code.
 */
export const RULESET_SCHEMA_ID = 'relationstjek/ruleset@1';

const Id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'brug små bogstaver, tal og bindestreger (kebab-case)');

/** Text in the ruleset's languages; at least one is required. */
export const LocalText = z
  .object({ da: z.string().min(1).optional(), en: z.string().min(1).optional() })
  .strict()
  .refine((t) => t.da !== undefined || t.en !== undefined, 'angiv teksten på dansk (da) eller engelsk (en)');

/** Where a lexicon entry, rule, trigger or question comes from: a named source and, for seeds, the lines. */
export const Source = z
  .object({
    ref: z.string().min(1),
    lines: z
      .string()
      .regex(/^\d+(-\d+)?(,\s*\d+(-\d+)?)*$/, 'linjer skrives som 120 eller 120-134')
      .optional(),
    note: z.string().optional(),
  })
  .strict();

export const LexiconEntry = z
  .object({
    /** A word or a phrase of several words; matched on Snowball stems. */
    term: z.string().min(2),
    /** Compound matching: the term as the head (børne*familier*) or modifier (*plejehjem*sbeboere) of a compound. */
    compound: z.enum(['none', 'head', 'modifier', 'both']).default('both'),
    /** Words that look like a match but are not (false friends): exact words, or prefixes ending in *. */
    exclude: z.array(z.string().min(2)).default([]),
    weight: z.number().min(0).max(5).default(1),
    source: Source,
  })
  .strict();

export const Lexicon = z
  .object({
    id: Id,
    title: LocalText.optional(),
    entries: z.array(LexiconEntry).min(1),
  })
  .strict();

export type MatchExpr =
  | { lexicon: string }
  | { term: string }
  | { all: MatchExpr[] }
  | { any: MatchExpr[] }
  | { not: MatchExpr }
  | { near: [MatchExpr, MatchExpr]; within: number };

export const MatchExpr: z.ZodType<MatchExpr> = z.lazy(() =>
  z.union([
    z.object({ lexicon: Id }).strict(),
    z.object({ term: z.string().min(2) }).strict(),
    z.object({ all: z.array(MatchExpr).min(1) }).strict(),
    z.object({ any: z.array(MatchExpr).min(1) }).strict(),
    z.object({ not: MatchExpr }).strict(),
    z.object({ near: z.tuple([MatchExpr, MatchExpr]), within: z.number().int().min(1).max(40) }).strict(),
  ]),
);

export const SCOPES = ['law', 'inserted', 'repealed', 'remarks'] as const;
export type Scope = (typeof SCOPES)[number];

export const Rule = z
  .object({
    id: Id,
    description: LocalText,
    /** What the rule finds: a theme, a risk group or a life transition (by id). */
    finds: z.enum(['theme', 'risk-group', 'transition']),
    target: Id,
    match: MatchExpr,
    /** Where in a bill it looks: law text, text an amendment inserts or removes, the remarks. */
    scope: z.array(z.enum(SCOPES)).min(1).default(['law', 'inserted']),
    weight: z.number().min(0).max(5).default(1),
    /** "ikke", "uden", "undtagen" just before the match turn it off. */
    negatable: z.boolean().default(true),
    source: Source,
  })
  .strict();

export const OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'exists', 'empty'] as const;
export type OperatorName = (typeof OPERATORS)[number];

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { fact: string; op: OperatorName; value?: unknown };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(Condition).min(1) }).strict(),
    z.object({ any: z.array(Condition).min(1) }).strict(),
    z.object({ not: Condition }).strict(),
    z
      .object({
        fact: z
          .string()
          .regex(/^[a-zA-Z][\w-]*(\.[\w-]+)*$/, 'en fact-sti skrives som findings.themes.count'),
        op: z.enum(OPERATORS),
        value: z.unknown().optional(),
      })
      .strict(),
  ]),
);

export const Theme = z
  .object({
    id: Id,
    title: LocalText,
    description: LocalText.optional(),
    /** Stage-1 triggers this theme informs. */
    triggers: z.array(Id).min(1),
    /** Action-plan initiatives (1–75) the theme serves. */
    initiatives: z.array(z.number().int().min(1).max(75)).default([]),
    source: Source,
  })
  .strict();

/** A risk group or a life transition; findings of it count towards the given stage-1 triggers. */
export const Category = z
  .object({ id: Id, title: LocalText, triggers: z.array(Id).min(1), source: Source })
  .strict();

export const Trigger = z
  .object({
    id: Id,
    title: LocalText,
    question: LocalText,
    help: LocalText.optional(),
    source: Source,
  })
  .strict();

export const Question = z
  .object({
    id: Id,
    title: LocalText,
    text: LocalText,
    help: LocalText.optional(),
    /** When the question is shown in stage 2, over the facts of the assessment. */
    visibleWhen: Condition,
    source: Source,
  })
  .strict();

/**
 * Words that mark a provision as administrative or fiscal machinery (refunds, accounts, audit, taxes): a group or
 * theme named there is usually incidental, so evidence in such a provision counts for less.
 */
export const Dampener = z
  .object({
    lexicon: Id,
    factor: z.number().min(0).max(1),
    description: LocalText.optional(),
    source: Source,
  })
  .strict();

/** An initiative of the national action plan against loneliness, so notes can name what themes serve. */
export const Initiative = z
  .object({ number: z.number().int().min(1).max(75), title: LocalText, arena: z.string().optional(), source: Source })
  .strict();

export const Outcomes = z
  .object({
    /** Illustrative until an authority sets them: when an effect counts as significant. */
    significantMagnitude: z.number().int().min(0).max(3),
    significantLikelihood: z.enum(['unlikely', 'possible', 'likely']),
    source: Source,
  })
  .strict();

export const Relevance = z
  .object({
    /** Evidence score a trigger needs before it is suggested "yes"; below `unknownFrom` it is "no". */
    yesFrom: z.number().min(0),
    unknownFrom: z.number().min(0),
    source: Source,
  })
  .strict()
  .refine((r) => r.unknownFrom <= r.yesFrom, 'unknownFrom skal være mindre end eller lig med yesFrom');

export const RulesetFile = z
  .object({
    schema: z.literal(RULESET_SCHEMA_ID).optional(),
    id: Id.optional(),
    version: z
      .string()
      .regex(/^\d+\.\d+\.\d+(?:-[\w.]+)?$/, 'version skal være semver, fx 1.0.0')
      .optional(),
    language: z.enum(['da', 'en']).optional(),
    title: LocalText.optional(),
    description: LocalText.optional(),
    appliesTo: z
      .object({
        kinds: z
          .array(
            z.enum(['dk-bill', 'dk-act', 'municipal-agenda-item', 'municipal-policy', 'uk-bill', 'generic']),
          )
          .min(1),
      })
      .strict()
      .optional(),
    /** Further files of this ruleset (relative paths); their lists are appended to this file's. */
    include: z.array(z.string()).optional(),
    sources: z
      .record(
        Id,
        z
          .object({ title: z.string().min(1), path: z.string().optional(), url: z.string().optional() })
          .strict(),
      )
      .optional(),
    themes: z.array(Theme).optional(),
    riskGroups: z.array(Category).optional(),
    transitions: z.array(Category).optional(),
    lexicons: z.array(Lexicon).optional(),
    rules: z.array(Rule).optional(),
    triggers: z.array(Trigger).optional(),
    questions: z.array(Question).optional(),
    relevance: Relevance.optional(),
    dampeners: z.array(Dampener).optional(),
    initiatives: z.array(Initiative).optional(),
    outcomes: Outcomes.optional(),
    /** Note texts by key (e.g. `none`, `mode-a-heading`); the note uses them in place of its built-in wording. */
    templates: z.record(z.string(), LocalText).optional(),
  })
  .strict();

export const REQUIRED_KEYS = [
  'schema',
  'id',
  'version',
  'language',
  'title',
  'appliesTo',
  'sources',
  'themes',
  'rules',
  'triggers',
  'questions',
  'relevance',
  'outcomes',
] as const;

export type RulesetFile = z.infer<typeof RulesetFile>;
export type Lexicon = z.infer<typeof Lexicon>;
export type LexiconEntry = z.infer<typeof LexiconEntry>;
export type Rule = z.infer<typeof Rule>;
export type Theme = z.infer<typeof Theme>;
export type Trigger = z.infer<typeof Trigger>;
export type Question = z.infer<typeof Question>;
export type LocalText = z.infer<typeof LocalText>;
export type SourceRef = z.infer<typeof Source>;

/** A loaded, validated ruleset: every list present, every cross-reference resolved. */
export interface Ruleset {
  schema: typeof RULESET_SCHEMA_ID;
  id: string;
  version: string;
  language: 'da' | 'en';
  title: LocalText;
  description?: LocalText;
  appliesTo: { kinds: string[] };
  sources: Record<string, { title: string; path?: string; url?: string }>;
  themes: Theme[];
  riskGroups: z.infer<typeof Category>[];
  transitions: z.infer<typeof Category>[];
  lexicons: Lexicon[];
  rules: Rule[];
  triggers: Trigger[];
  questions: Question[];
  relevance: z.infer<typeof Relevance>;
  dampeners: z.infer<typeof Dampener>[];
  initiatives: z.infer<typeof Initiative>[];
  outcomes: z.infer<typeof Outcomes>;
  templates: Record<string, LocalText>;
  /** Folder it was loaded from (for cases and error messages). */
  dir: string;
}
