import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { projectRoot } from '../project-root';
import { collectSources, collectLexiconRefs } from './ruleset-walk';
import {
  Category,
  Lexicon,
  Question,
  REQUIRED_KEYS,
  Rule,
  RulesetFile,
  Theme,
  Trigger,
  type Ruleset,
} from './ruleset-schema';

const DANISH = { error: z.locales.da().localeError };

/** Each list's element schema: valid elements still take part in the cross-reference checks. */
const ELEMENT: Record<string, z.ZodType> = {
  themes: Theme,
  riskGroups: Category,
  transitions: Category,
  lexicons: Lexicon,
  rules: Rule,
  triggers: Trigger,
  questions: Question,
};

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
  /** The file's content with every invalid list element and invalid top-level value left out. */
  data: Record<string, unknown>;
  /** The file as written, for reference checks inside elements that failed the schema. */
  raw: Record<string, unknown>;
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
  const f: ParsedFile = { file: rel, doc, lines, data: {}, raw: {} };
  for (const e of doc.errors) {
    problems.push({
      file: rel,
      path: '',
      line: lines.linePos(e.pos[0]).line,
      message: `YAML-fejl: ${e.message.split('\n')[0]}`,
    });
  }
  if (doc.errors.length > 0) return f;
  const raw: unknown = doc.toJS();
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) f.raw = raw as Record<string, unknown>;
  const parsed = RulesetFile.safeParse(raw, DANISH);
  if (parsed.success) {
    f.data = parsed.data;
    return f;
  }
  for (const issue of parsed.error.issues) {
    const p = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    problems.push({ file: rel, path: pathString(p), line: lineOf(f, p), message: issue.message });
  }
  // Keep what is valid, so that references can still be checked and every problem reported at once.
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      const element = ELEMENT[key];
      if (element && Array.isArray(value)) {
        f.data[key] = value.map((v) => {
          const r = element.safeParse(v);
          return r.success ? r.data : null;
        });
      } else {
        const shape = (RulesetFile.shape as Record<string, z.ZodType | undefined>)[key];
        const r = shape?.safeParse(value);
        if (r?.success) f.data[key] = r.data;
      }
    }
  }
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
  if (!main) throw new RulesetError(dir, problems);
  const files: ParsedFile[] = [main];
  for (const inc of (main.data.include as string[] | undefined) ?? []) {
    const f = readFile(dir, inc, problems);
    if (f) files.push(f);
  }

  // Lists are concatenated across files; remember where each element came from for error messages.
  const origin = new Map<string, { file: ParsedFile; index: number }[]>();
  const merged: Record<string, unknown> = { ...main.data };
  for (const key of LIST_KEYS) {
    const all: unknown[] = [];
    const from: { file: ParsedFile; index: number }[] = [];
    for (const f of files) {
      ((f.data[key] as unknown[] | undefined) ?? []).forEach((item, index) => {
        // Invalid elements were reported already; they stay out of the checks below.
        if (item === null) return;
        all.push(item);
        from.push({ file: f, index });
      });
    }
    merged[key] = all;
    origin.set(key, from);
  }
  for (const f of files.slice(1)) {
    if (f.data.sources) merged.sources = { ...(merged.sources as object), ...(f.data.sources as object) };
    if (f.data.templates)
      merged.templates = { ...(merged.templates as object), ...(f.data.templates as object) };
  }
  for (const key of REQUIRED_KEYS) {
    const v = merged[key];
    const reported = problems.some(
      (p) =>
        p.file === main.file &&
        (p.path === key || p.path.startsWith(`${key}.`) || p.path.startsWith(`${key}[`)),
    );
    if (!reported && (v === undefined || (Array.isArray(v) && v.length === 0))) {
      problems.push({
        file: main.file,
        path: key,
        message: `mangler: ${key} skal være angivet (eller alle elementer er ugyldige)`,
      });
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
  rs.dampeners = rs.dampeners ?? [];
  rs.initiatives = [...((rs.initiatives as Ruleset['initiatives'] | undefined) ?? []), ...files.slice(1).flatMap((f) => (f.data.initiatives as Ruleset['initiatives'] | undefined) ?? [])];
  rs.dampeners.forEach((d, i) => {
    if (!lexicons.has(d.lexicon)) {
      problems.push({ file: main.file, path: `dampeners[${i}].lexicon`, line: lineOf(main, ['dampeners', i, 'lexicon']), message: `ukendt leksikon "${d.lexicon}"` });
    }
  });
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
  // Sources and rule references are checked in the files as written, so invalid elements are checked too.
  for (const f of files) {
    for (const key of LIST_KEYS) {
      const list = f.raw[key];
      if (!Array.isArray(list)) continue;
      list.forEach((item: unknown, index: number) => {
        const problem = (rest: (string | number)[], message: string): void => {
          const p = [key, index, ...rest];
          problems.push({ file: f.file, path: pathString(p), line: lineOf(f, p), message });
        };
        for (const src of collectSources(item)) {
          if (!sources.has(src.ref))
            problem([...src.path, 'ref'], `ukendt kilde "${src.ref}" (angiv den under sources)`);
        }
        if (key !== 'rules' || (f.data.rules as unknown[] | undefined)?.[index] !== null) return;
        // A rule that failed the schema: its target and lexicons are still worth checking.
        const r = item as { finds?: unknown; target?: unknown; match?: unknown };
        const kind = r.finds as keyof typeof targets;
        if (typeof r.target === 'string' && targets[kind] && !targets[kind].has(r.target)) {
          problem(['target'], `ukendt ${String(r.finds)} "${r.target}"`);
        }
        try {
          for (const ref of collectLexiconRefs(r.match as never)) {
            if (!lexicons.has(ref.id)) problem(['match', ...ref.path], `ukendt leksikon "${ref.id}"`);
          }
        } catch {
          // A match expression too broken to walk has been reported by the schema.
        }
      });
    }
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
