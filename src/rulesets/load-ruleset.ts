import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { projectRoot } from '../project-root';
import { collectSources, collectLexiconRefs } from './ruleset-walk';
import { REQUIRED_KEYS, RulesetFile, type Ruleset } from './ruleset-schema';

export interface RulesetProblem {
  file: string;
  /** Path inside the file, e.g. `lexicons[2].entries[5].source.ref`. */
  path: string;
  line?: number;
  message: string;
}

/** Every problem of a ruleset at once, each with its file, path and line, so an editor can fix them in one go. */
export class RulesetError extends Error {
  readonly problems: RulesetProblem[];
  constructor(dir: string, problems: RulesetProblem[]) {
    super(`Regelsættet i ${dir} har ${problems.length} fejl:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'RulesetError';
    this.problems = problems;
  }
}

export function formatProblem(p: RulesetProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.path || '(roden)'}: ${p.message}`;
}

export const RULESETS_DIR = path.join(projectRoot(), 'rulesets');

interface ParsedFile {
  file: string;
  doc: Document;
  lines: LineCounter;
  data: z.infer<typeof RulesetFile> | null;
}

function pathString(p: (string | number)[]): string {
  return p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');
}

function lineOf(f: ParsedFile, p: (string | number)[]): number | undefined {
  for (let n = p.length; n >= 0; n--) {
    const node = f.doc.getIn(p.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return f.lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function readFile(dir: string, rel: string, problems: RulesetProblem[]): ParsedFile | null {
  const full = path.join(dir, rel);
  if (!existsSync(full)) {
    problems.push({ file: rel, path: '', message: 'filen findes ikke' });
    return null;
  }
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(full, 'utf8'), {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const f: ParsedFile = { file: rel, doc, lines, data: null };
  for (const e of doc.errors) {
    problems.push({
      file: rel,
      path: '',
      line: lines.linePos(e.pos[0]).line,
      message: `YAML-fejl: ${e.message.split('\n')[0]}`,
    });
  }
  if (doc.errors.length > 0) return f;
  const parsed = RulesetFile.safeParse(doc.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const p = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
      problems.push({ file: rel, path: pathString(p), line: lineOf(f, p), message: issue.message });
    }
    return f;
  }
  f.data = parsed.data;
  return f;
}

const LIST_KEYS = [
  'themes',
  'riskGroups',
  'transitions',
  'lexicons',
  'rules',
  'triggers',
  'questions',
] as const;
type ListKey = (typeof LIST_KEYS)[number];

/**
 * Load `rulesets/<id>/ruleset.yaml` and the files it includes, validate every file against the schema, then
 * check what the schema cannot: references between lists, unique ids, named sources. Throws `RulesetError`
 * listing every problem.
 */
export function loadRuleset(dir: string): Ruleset {
  const problems: RulesetProblem[] = [];
  const main = readFile(dir, 'ruleset.yaml', problems);
  const files: ParsedFile[] = main ? [main] : [];
  for (const inc of main?.data?.include ?? []) {
    const f = readFile(dir, inc, problems);
    if (f) files.push(f);
  }
  if (problems.length > 0 || !main?.data) throw new RulesetError(dir, problems);

  // Lists are concatenated across files; remember where each element came from for error messages.
  const origin = new Map<string, { file: ParsedFile; index: number }[]>();
  const merged: Record<string, unknown> = { ...main.data };
  for (const key of LIST_KEYS) {
    const all: unknown[] = [];
    const from: { file: ParsedFile; index: number }[] = [];
    for (const f of files) {
      (f.data?.[key] ?? []).forEach((item, index) => {
        all.push(item);
        from.push({ file: f, index });
      });
    }
    merged[key] = all;
    origin.set(key, from);
  }
  for (const f of files.slice(1)) {
    if (f.data?.sources) merged.sources = { ...(merged.sources as object), ...f.data.sources };
    if (f.data?.templates) merged.templates = { ...(merged.templates as object), ...f.data.templates };
  }
  for (const key of REQUIRED_KEYS) {
    const v = merged[key];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) {
      problems.push({ file: main.file, path: key, message: `mangler: ${key} skal være angivet` });
    }
  }
  const at = (key: ListKey, i: number, rest: (string | number)[], message: string): void => {
    const o = origin.get(key)?.[i];
    const p = [key, o?.index ?? i, ...rest];
    problems.push({
      file: o?.file.file ?? main.file,
      path: pathString(p),
      line: o ? lineOf(o.file, p) : undefined,
      message,
    });
  };
  const rs = merged as unknown as Ruleset;
  rs.templates = rs.templates ?? {};
  for (const key of LIST_KEYS) {
    const seen = new Map<string, number>();
    (rs[key] as { id: string }[]).forEach((item, i) => {
      if (seen.has(item.id)) at(key, i, ['id'], `id "${item.id}" er brugt to gange`);
      seen.set(item.id, i);
    });
  }
  const ids = (key: ListKey): Set<string> => new Set((rs[key] as { id: string }[]).map((x) => x.id));
  const triggers = ids('triggers');
  const lexicons = ids('lexicons');
  const targets = { theme: ids('themes'), 'risk-group': ids('riskGroups'), transition: ids('transitions') };
  rs.themes.forEach((t, i) =>
    t.triggers.forEach((tr, j) => {
      if (!triggers.has(tr)) at('themes', i, ['triggers', j], `ukendt trigger "${tr}"`);
    }),
  );
  for (const key of ['riskGroups', 'transitions'] as const) {
    rs[key].forEach((c, i) =>
      c.triggers.forEach((tr, j) => {
        if (!triggers.has(tr)) at(key, i, ['triggers', j], `ukendt trigger "${tr}"`);
      }),
    );
  }
  const targeted = new Set<string>();
  rs.rules.forEach((r, i) => {
    if (!targets[r.finds].has(r.target)) at('rules', i, ['target'], `ukendt ${r.finds} "${r.target}"`);
    targeted.add(`${r.finds}:${r.target}`);
    for (const ref of collectLexiconRefs(r.match)) {
      if (!lexicons.has(ref.id)) at('rules', i, ['match', ...ref.path], `ukendt leksikon "${ref.id}"`);
    }
  });
  rs.themes.forEach((t, i) => {
    if (!targeted.has(`theme:${t.id}`))
      at('themes', i, ['id'], `temaet "${t.id}" har ingen regel, så det kan aldrig findes`);
  });
  const sources = new Set(Object.keys(rs.sources ?? {}));
  for (const key of LIST_KEYS) {
    (rs[key] as unknown[]).forEach((item, i) => {
      for (const s of collectSources(item)) {
        if (!sources.has(s.ref))
          at(key, i, [...s.path, 'ref'], `ukendt kilde "${s.ref}" (angiv den under sources)`);
      }
    });
  }
  if (problems.length > 0) throw new RulesetError(dir, problems);
  rs.dir = dir;
  return rs;
}

export function rulesetIds(root = RULESETS_DIR): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter(
      (d) => statSync(path.join(root, d)).isDirectory() && existsSync(path.join(root, d, 'ruleset.yaml')),
    )
    .sort();
}

const cache = new Map<string, Ruleset>();

export function loadRulesetById(id: string, root = RULESETS_DIR): Ruleset {
  const dir = path.join(root, id);
  const cached = cache.get(dir);
  if (cached) return cached;
  if (!existsSync(path.join(dir, 'ruleset.yaml'))) {
    throw new RulesetError(dir, [
      {
        file: 'ruleset.yaml',
        path: '',
        message: `regelsættet "${id}" findes ikke (kendte: ${rulesetIds(root).join(', ')})`,
      },
    ]);
  }
  const rs = loadRuleset(dir);
  cache.set(dir, rs);
  return rs;
}
