import type {
  Evidence,
  Finding,
  FindingKind,
  Findings,
  Suggestion,
  TriggerSuggestion,
} from '../domain/findings';
import type { LegalDocument, Provision } from '../domain/legal-document';
import { SCOPES, type Rule, type Ruleset, type Scope } from '../rulesets/ruleset-schema';
import { LexiconIndex, WORD_HASH_START, wordHash, type WordInfo } from './lexicon-index';
import { localText } from '../rulesets/local-text';
import { collectLexiconRefs } from '../rulesets/ruleset-walk';
import { collectTerms, compile, type CompiledExpr, type Span } from './match-expression';
import { provisionUnits, type Unit } from './provision-units';
import { stemmerFor } from './stemmer';
import { isWordChar, tokenize } from './tokenize';

const NEGATIONS: Record<'da' | 'en', Set<string>> = {
  da: new Set(['ikke', 'uden', 'undtagen', 'ej', 'hverken', 'aldrig']),
  en: new Set(['not', 'without', 'except', 'no', 'neither', 'never']),
};
/** Words before a match in which a negation cancels it. */
const NEGATION_WINDOW = 3;
const QUOTE_CONTEXT = 110;
const MAX_EVIDENCE = 12;

/** Reused word buffers, grown as needed: a corpus run scans a million words. */
const scratch = {
  starts: new Int32Array(1024),
  ends: new Int32Array(1024),
  /** Word id (see LexiconIndex.wordId). */
  ids: new Int32Array(1024),
  /** Index of the word's unit in the document's units. */
  units: new Int32Array(1024),
  ensure(n: number): void {
    if (n <= this.starts.length) return;
    const size = Math.max(n, this.starts.length * 2);
    const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
    this.ids = grow(this.ids);
    this.units = grow(this.units);
  },
};

/** A scope as a bit, so a rule's scopes and a provision's are compared as numbers. */
const scopeBit = (scope: Scope): number => 1 << SCOPES.indexOf(scope);

interface NodeTokens {
  node: Provision;
  /** The provision's words are [from, to) in the scratch buffers. */
  from: number;
  to: number;
  /** The scopes present in the provision, as bits. */
  scopes: number;
}

const indexes = new WeakMap<Ruleset, LexiconIndex>();
let runs = 0;

/** The compiled lexicons of a ruleset, built once per loaded ruleset. */
export function lexiconIndex(ruleset: Ruleset): LexiconIndex {
  let index = indexes.get(ruleset);
  if (!index) {
    index = new LexiconIndex(ruleset.lexicons, stemmerFor(ruleset.language));
    for (const r of ruleset.rules)
      for (const term of collectTerms(r.match)) index.addInline(`term:${term}`, term);
    indexes.set(ruleset, index);
  }
  return index;
}

/**
 * LegalDocument × Ruleset → Findings. Each rule is evaluated on every provision (within the scopes it asks
 * for); evidence keeps the provision label, page and the words matched; scores weigh rule and entry weights by
 * how distinctive the matched words are in this document (TF-IDF over its provisions).
 */
export function detect(doc: LegalDocument, ruleset: Ruleset): Findings {
  const lang = ruleset.language;
  const index = lexiconIndex(ruleset);
  const nodes: NodeTokens[] = [];
  // Document frequencies for TF-IDF are counted in the index's arrays by word id (stamped per run), not in maps.
  // Stamps live in an Int32Array: wrap before 2^31 runs.
  runs = (runs % 0x7fffffff) + 1;
  const stamp = runs;
  let nodeCount = 0;
  // Lower-case the text once; per word only when lower-casing changed its length (rare letters such as İ).
  const lower = doc.text.toLowerCase();
  const sameLength = lower.length === doc.text.length;
  // The document's words go to reused scratch buffers; a node is a range of them. Only nodes with a lexicon
  // word are kept.
  let count = 0;
  let nodeFrom = 0;
  let current: Provision | undefined;
  let hits = false;
  let scopes = 0;
  const finish = (): void => {
    if (current && hits) nodes.push({ node: current, from: nodeFrom, to: count, scopes });
    scopes = 0;
    nodeFrom = count;
    hits = false;
  };
  const body = doc.text;
  const units = provisionUnits(doc);
  for (let ui = 0; ui < units.length; ui++) {
    const u = units[ui];
    if (!u) continue;
    if (u.node !== current) {
      finish();
      current = u.node;
      nodeCount++;
    }
    scopes |= scopeBit(u.scope);
    scratch.ensure(count + (u.end - u.start) / 2 + 1);
    const { starts, ends, ids, units: unitOf } = scratch;
    // Words are runs of letters and digits (see tokenize.ts), scanned inline: a million per corpus run.
    let start = -1;
    // The word's hash is taken as its letters are scanned, so the lookup need not read them twice.
    let hash = WORD_HASH_START;
    for (let i = u.start; i <= u.end; i++) {
      const inWord = i < u.end && isWordChar(body.charCodeAt(i), body, i);
      if (inWord) {
        if (start < 0) {
          start = i;
          hash = WORD_HASH_START;
        }
        hash = wordHash(hash, lower.charCodeAt(i));
        continue;
      }
      if (start < 0) continue;
      let id: number;
      if (sameLength) id = index.wordId(lower, start, i, hash);
      else {
        const word = body.slice(start, i).toLowerCase();
        id = index.wordId(word, 0, word.length);
      }
      // A new id may have grown the index's arrays: read them after wordId.
      const { docStamp, seenIn, df } = index;
      if (docStamp[id] !== stamp) {
        docStamp[id] = stamp;
        df[id] = 0;
        seenIn[id] = -1;
      }
      if (seenIn[id] !== nodeCount) {
        seenIn[id] = nodeCount;
        df[id] = (df[id] ?? 0) + 1;
      }
      starts[count] = start;
      ends[count] = i;
      ids[count] = id;
      unitOf[count] = ui;
      count++;
      if (index.interesting[id]) hits = true;
      start = -1;
    }
  }
  finish();

  const idf = (df: number): number => 1 + Math.log(nodeCount / (1 + df));
  const maxIdf = 1 + Math.log(Math.max(2, nodeCount));
  // Rarity says little in a text of a few provisions: there it moves towards 1 (fully so below 20 provisions).
  const trust = Math.min(1, nodeCount / 20);
  /** Rarity of the words [from, to] of a node (its rarest word's). */
  const rarity = (n: NodeTokens, from: number, to: number): number => {
    let most = 0;
    for (let k = n.from + from; k <= n.from + to; k++)
      most = Math.max(most, idf(index.df[scratch.ids[k] ?? 0] ?? 0));
    return 1 + trust * (0.5 + Math.min(1, most / maxIdf) - 1);
  };
  const negations = NEGATIONS[lang];
  /** Whether a negation is among the `NEGATION_WINDOW` words before word `at` of a node. */
  const negated = (n: NodeTokens, at: number): boolean => {
    for (let k = n.from + Math.max(0, at - NEGATION_WINDOW); k < n.from + at; k++)
      if (negations.has(index.byId[scratch.ids[k] ?? 0]?.word ?? '')) return true;
    return false;
  };
  const unitAt = (n: NodeTokens, at: number): Unit | undefined => units[scratch.units[n.from + at] ?? -1];
  const plan = rulePlan(ruleset);
  // An act whose title is administrative or fiscal ("om kildeskat", "om refusion") is so throughout.
  const titleLexicons = new Set(
    tokenize(doc.metadata.title).flatMap((t) => index.info(t.word).hits.map((h) => h.entry.lexicon)),
  );
  const titleDamp = Math.min(
    1,
    ...ruleset.dampeners.filter((d) => titleLexicons.has(d.lexicon)).map((d) => d.factor),
  );

  const evidenceByRule = new Map<Rule, Evidence[]>();
  const trace: string[] = [];
  for (const n of nodes) {
    const spans = nodeSpans(index, n);
    if (spans.size === 0) continue;
    // Administrative or fiscal machinery in the provision: what it names is likely incidental.
    const damp = Math.min(
      titleDamp,
      ...ruleset.dampeners.filter((d) => spans.has(d.lexicon)).map((d) => d.factor),
    );
    const cache = new Map<string, Span[]>();
    // Only rules that use a lexicon this provision has a word of can fire; keep the ruleset's order.
    const candidates = new Set<PlannedRule>();
    for (const lexicon of spans.keys()) for (const r of plan.byLexicon.get(lexicon) ?? []) candidates.add(r);
    for (const { rule, scopeKey, scopes: ruleScopes, match } of [...candidates].sort(
      (a, b) => a.order - b.order,
    )) {
      // When the rule looks at every scope present in this provision, its spans need no filtering.
      const everything = (n.scopes & ~ruleScopes) === 0;
      const lookup = (lexicon: string): Span[] => {
        const all = spans.get(lexicon) ?? [];
        if (everything) return all;
        const key = `${scopeKey}|${lexicon}`;
        let list = cache.get(key);
        if (!list) {
          list = all.filter((sp) => (scopeBit(unitAt(n, sp.from)?.scope ?? 'law') & ruleScopes) !== 0);
          cache.set(key, list);
        }
        return list;
      };
      const result = match(lookup);
      if (!result.ok) continue;
      const kept = rule.negatable ? result.spans.filter((sp) => !negated(n, sp.from)) : result.spans;
      if (kept.length === 0) continue;
      // One piece of evidence per provision and rule: the strongest span (the first of equals).
      let best: { sp: Span; w: number } | undefined;
      for (const sp of kept) {
        let weight = -Infinity;
        for (const h of sp.hits) weight = Math.max(weight, h.weight);
        const w = weight * rarity(n, sp.from, sp.to);
        if (!best || w > best.w) best = { sp, w };
      }
      const unit = best && unitAt(n, best.sp.from);
      if (!best || !unit) continue;
      const ev = evidence(
        doc,
        n.node,
        unit,
        rule,
        unit.scope,
        scratch.starts[n.from + best.sp.from] ?? unit.start,
        scratch.ends[n.from + best.sp.to] ?? unit.end,
        best.sp,
        rule.weight * best.w * damp,
      );
      const list = evidenceByRule.get(rule) ?? [];
      list.push(ev);
      evidenceByRule.set(rule, list);
      const how = best.sp.hits.map(
        (h) =>
          `${h.how === 'stem' ? 'stammen' : h.how === 'phrase' ? 'udtrykket' : h.how === 'head' ? 'sammensætningen (efterled)' : 'sammensætningen (forled)'} »${h.word}« (${h.term}, ${h.lexicon})`,
      );
      trace.push(
        `${rule.id}: ${how.join(' + ')} i ${n.node.label}${ev.page ? `, s. ${ev.page}` : ''}${damp < 1 ? ` (dæmpet ×${damp}: administrativ bestemmelse)` : ''}`,
      );
    }
  }

  const findings = buildFindings(ruleset, evidenceByRule, lang);
  const triggers = suggestTriggers(ruleset, findings, lang);
  const relevance = overall(triggers, findings, doc, lang);
  const looked = [
    ...ruleset.themes.map((t) => ({ kind: 'theme' as const, id: t.id, title: localText(t.title, lang) })),
    ...ruleset.riskGroups.map((t) => ({
      kind: 'risk-group' as const,
      id: t.id,
      title: localText(t.title, lang),
    })),
    ...ruleset.transitions.map((t) => ({
      kind: 'transition' as const,
      id: t.id,
      title: localText(t.title, lang),
    })),
  ].map((l) => ({ ...l, found: findings.some((f) => f.kind === l.kind && f.theme === l.id) }));
  const notFound = looked.filter((l) => !l.found).map((l) => l.id);
  return {
    ruleset: { id: ruleset.id, version: ruleset.version },
    findings,
    triggers,
    relevance,
    coverage: {
      looked,
      notFound,
      classifiedShare: doc.quality.classifiedShare,
      note:
        lang === 'da'
          ? `Ikke fundet er ikke det samme som ikke relevant: ${notFound.length} af ${looked.length} temaer, grupper og overgange blev ledt efter uden at blive fundet, og ${Math.round((1 - doc.quality.classifiedShare) * 100)} % af teksten kunne ikke klassificeres.`
          : `Not detected is not the same as not relevant: ${notFound.length} of ${looked.length} themes, groups and transitions were looked for and not found, and ${Math.round((1 - doc.quality.classifiedShare) * 100)} % of the text could not be classified.`,
    },
    trace,
  };
}

interface PlannedRule {
  rule: Rule;
  order: number;
  lexicons: string[];
  scopeKey: string;
  /** The rule's scopes, as bits. */
  scopes: number;
  match: CompiledExpr;
}

interface Plan {
  rules: PlannedRule[];
  /** The rules that use each lexicon (or inline term). */
  byLexicon: Map<string, PlannedRule[]>;
}

const plans = new WeakMap<Ruleset, Plan>();

function rulePlan(ruleset: Ruleset): Plan {
  let plan = plans.get(ruleset);
  if (!plan) {
    const rules = ruleset.rules.map((rule, order) => ({
      order,
      rule,
      lexicons: [
        ...collectLexiconRefs(rule.match).map((r) => r.id),
        ...collectTerms(rule.match).map((t) => `term:${t}`),
      ],
      scopeKey: rule.scope.join(','),
      scopes: rule.scope.reduce((bits, sc) => bits | scopeBit(sc), 0),
      match: compile(rule.match),
    }));
    const byLexicon = new Map<string, PlannedRule[]>();
    for (const r of rules)
      for (const l of new Set(r.lexicons)) byLexicon.set(l, [...(byLexicon.get(l) ?? []), r]);
    plan = { rules, byLexicon };
    plans.set(ruleset, plan);
  }
  return plan;
}

/** Every lexicon span of a provision in one pass: single words (stem or compound) and phrases. */
function nodeSpans(index: LexiconIndex, n: NodeTokens): Map<string, Span[]> {
  const out = new Map<string, Span[]>();
  const add = (lexicon: string, span: Span): void => {
    const list = out.get(lexicon);
    if (list) list.push(span);
    else out.set(lexicon, [span]);
  };
  const { ids } = scratch;
  const { byId, interesting } = index;
  const length = n.to - n.from;
  const wordAt = (i: number): WordInfo | undefined => byId[ids[n.from + i] ?? -1];
  for (let i = 0; i < length; i++) {
    // Most words match nothing and start no phrase.
    if (!interesting[ids[n.from + i] ?? 0]) continue;
    const info = wordAt(i);
    if (!info) continue;
    for (const h of info.hits) {
      add(h.entry.lexicon, {
        from: i,
        to: i,
        hits: [
          {
            word: info.word,
            term: h.entry.term,
            lexicon: h.entry.lexicon,
            how: h.how,
            weight: h.entry.weight,
          },
        ],
      });
    }
    // As LexiconIndex.matchPhrases, on the node's words.
    for (const entry of info.phrases) {
      const size = entry.stems.length;
      if (!entry.stems.every((stem, k) => i + k < length && wordAt(i + k)?.stem === stem)) continue;
      const words: string[] = [];
      for (let k = 0; k < size; k++) words.push(wordAt(i + k)?.word ?? '');
      add(entry.lexicon, {
        from: i,
        to: i + size - 1,
        hits: [
          {
            word: words.join(' '),
            term: entry.term,
            lexicon: entry.lexicon,
            how: 'phrase',
            weight: entry.weight,
          },
        ],
      });
    }
  }
  return out;
}

/** Move a cut back to the start of the word it falls in, so quotes never begin mid-word. */
function wordStart(text: string, at: number, min: number): number {
  let i = at;
  while (i > min && /[\p{L}\p{N}]/u.test(text[i - 1] ?? '')) i--;
  return i;
}

function wordEnd(text: string, at: number, max: number): number {
  let i = at;
  while (i < max && /[\p{L}\p{N}]/u.test(text[i] ?? '')) i++;
  return i;
}

function evidence(
  doc: LegalDocument,
  node: Provision,
  bounds: { start: number; end: number },
  rule: Rule,
  scope: Scope,
  start: number,
  end: number,
  span: Span,
  score: number,
): Evidence {
  const from = wordStart(doc.text, Math.max(bounds.start, start - QUOTE_CONTEXT), bounds.start);
  const to = wordEnd(doc.text, Math.min(bounds.end, end + QUOTE_CONTEXT), bounds.end);
  const raw = doc.text.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const pre = (from > bounds.start ? '…' : '') + raw.slice(lead, start - from).replace(/\s+/g, ' ');
  const match = doc.text.slice(start, end).replace(/\s+/g, ' ');
  const post = doc.text.slice(end, to).replace(/\s+/g, ' ').trimEnd() + (to < bounds.end ? '…' : '');
  const quote = pre + match + post;
  return {
    ruleId: rule.id,
    nodeId: node.id,
    label: node.label,
    page: node.page,
    scope,
    quote,
    matchStart: pre.length,
    matchEnd: pre.length + match.length,
    marked: `${pre}⟦${match}⟧${post}`,
    start,
    end,
    matched: span.hits.map((h) => ({ word: h.word, term: h.term, lexicon: h.lexicon, how: h.how })),
    score: Math.round(score * 100) / 100,
  };
}

/** Sum with diminishing returns, so that one word repeated in fifty provisions does not outweigh two themes. */
function diminishing(scores: number[]): number {
  return [...scores].sort((a, b) => b - a).reduce((sum, s, i) => sum + s / (i + 1), 0);
}

function buildFindings(
  ruleset: Ruleset,
  evidenceByRule: Map<Rule, Evidence[]>,
  lang: 'da' | 'en',
): Finding[] {
  const groups = new Map<
    string,
    { kind: FindingKind; id: string; rules: Set<string>; evidence: Evidence[] }
  >();
  for (const [rule, evs] of evidenceByRule) {
    const key = `${rule.finds}:${rule.target}`;
    const g = groups.get(key) ?? {
      kind: rule.finds,
      id: rule.target,
      rules: new Set<string>(),
      evidence: [],
    };
    g.rules.add(rule.id);
    g.evidence.push(...evs);
    groups.set(key, g);
  }
  const out: Finding[] = [];
  for (const g of groups.values()) {
    const meta =
      g.kind === 'theme'
        ? ruleset.themes.find((t) => t.id === g.id)
        : (g.kind === 'risk-group' ? ruleset.riskGroups : ruleset.transitions).find((t) => t.id === g.id);
    // Several rules on the same provision count once, with the strongest.
    const perNode = new Map<string, Evidence>();
    for (const e of g.evidence) {
      const prev = perNode.get(e.nodeId);
      if (!prev || e.score > prev.score) perNode.set(e.nodeId, e);
    }
    const evidence = [...perNode.values()].sort((a, b) => b.score - a.score || a.start - b.start);
    out.push({
      kind: g.kind,
      theme: g.id,
      title: localText(meta?.title, lang),
      score: Math.round(diminishing(evidence.map((e) => e.score)) * 100) / 100,
      rules: [...g.rules].sort(),
      evidence: evidence.slice(0, MAX_EVIDENCE),
      initiatives: g.kind === 'theme' ? (ruleset.themes.find((t) => t.id === g.id)?.initiatives ?? []) : [],
    });
  }
  return out.sort((a, b) => b.score - a.score || a.theme.localeCompare(b.theme));
}

function triggersOf(ruleset: Ruleset, f: Finding): string[] {
  if (f.kind === 'theme') return ruleset.themes.find((t) => t.id === f.theme)?.triggers ?? [];
  return (
    (f.kind === 'risk-group' ? ruleset.riskGroups : ruleset.transitions).find((t) => t.id === f.theme)
      ?.triggers ?? []
  );
}

function suggestTriggers(ruleset: Ruleset, findings: Finding[], lang: 'da' | 'en'): TriggerSuggestion[] {
  const { yesFrom, unknownFrom } = ruleset.relevance;
  return ruleset.triggers.map((tr) => {
    const related = findings.filter((f) => triggersOf(ruleset, f).includes(tr.id));
    const score = Math.round(diminishing(related.map((f) => f.score)) * 100) / 100;
    const suggestion: Suggestion = score >= yesFrom ? 'yes' : score >= unknownFrom ? 'unknown' : 'no';
    const confidence =
      suggestion === 'yes'
        ? Math.min(0.95, 0.6 + (0.35 * (score - yesFrom)) / Math.max(yesFrom, 1))
        : suggestion === 'unknown'
          ? 0.4
          : related.length === 0
            ? 0.6
            : 0.5;
    return {
      trigger: tr.id,
      title: localText(tr.title, lang),
      question: localText(tr.question, lang),
      suggestion,
      confidence: Math.round(confidence * 100) / 100,
      score,
      findings: related.map((f) => `${f.kind}:${f.theme}`),
      evidence: related
        .flatMap((f) => f.evidence)
        .sort((a, b) => b.score - a.score)
        .slice(0, 5),
    };
  });
}

/** A few words either side of the match, cut at word boundaries. */
function around(e: Evidence, context = 40): string {
  const before = e.quote.slice(0, e.matchStart);
  const after = e.quote.slice(e.matchEnd);
  const pre =
    before.length > context ? `…${before.slice(before.length - context).replace(/^\S*\s/, '')}` : before;
  const post = after.length > context ? `${after.slice(0, context).replace(/\s\S*$/, '')}…` : after;
  return `${pre}${e.quote.slice(e.matchStart, e.matchEnd)}${post}`.trim();
}

function overall(
  triggers: TriggerSuggestion[],
  findings: Finding[],
  doc: LegalDocument,
  lang: 'da' | 'en',
): Findings['relevance'] {
  const yes = triggers.filter((t) => t.suggestion === 'yes');
  const unknown = triggers.filter((t) => t.suggestion === 'unknown');
  const da = lang === 'da';
  if (yes.length > 0) {
    return {
      suggestion: 'relevant',
      confidence: Math.max(...yes.map((t) => t.confidence)),
      reasons: yes.map(
        (t) => `${t.title}: ${t.evidence[0] ? `${t.evidence[0].label} »${around(t.evidence[0])}«` : ''}`,
      ),
    };
  }
  if (unknown.length > 0) {
    return {
      suggestion: 'unknown',
      confidence: 0.4,
      reasons: unknown.map((t) =>
        da
          ? `${t.title}: svage tegn (${t.findings.join(', ')}) – kræver en vurdering`
          : `${t.title}: weak signs (${t.findings.join(', ')}) – needs judgement`,
      ),
    };
  }
  const share = doc.quality.classifiedShare;
  return {
    suggestion: 'not-relevant',
    confidence: Math.round((findings.length === 0 ? 0.5 + 0.35 * share : 0.5) * 100) / 100,
    reasons: [
      da
        ? 'Ingen af reglerne fandt tegn på konsekvenser for relationer og fællesskaber.'
        : 'No rule found signs of consequences for relationships and communities.',
    ],
  };
}
