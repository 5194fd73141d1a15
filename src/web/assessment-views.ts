import type { Evidence, Finding } from '../domain/findings';
import { AMENDMENT_OPERATION_NAMES, DOCUMENT_KIND_NAMES } from '../domain/document-kinds';
import type { Comment, QuestionAnswer } from '../domain/assessment';
import type { Workspace } from '../assessments/assessment-service';
import { NOTE_TEXTS } from '../report/note-texts';
import { localText } from '../rulesets/local-text';
import type { FormValues } from './answer-form';
import { formatDate, type Lang } from './web-context';

/** A quote split around the words that matched, so the page can mark them (escaped by the view). */
export interface QuoteView {
  label: string;
  page: number;
  before: string;
  match: string;
  after: string;
}

export function quoteView(e: Evidence): QuoteView {
  return {
    label: e.label,
    page: e.page,
    before: e.quote.slice(0, e.matchStart),
    match: e.quote.slice(e.matchStart, e.matchEnd),
    after: e.quote.slice(e.matchEnd),
  };
}

function sourceText(
  s: { ref: string; lines?: string | undefined; note?: string | undefined },
  lang: Lang,
): string {
  return `${s.ref}${s.lines ? (lang === 'da' ? `, linje ${s.lines}` : `, lines ${s.lines}`) : ''}${s.note ? ` – ${s.note}` : ''}`;
}

/** A theme, risk group or transition named in the page's language (findings carry the ruleset's language). */
function findingTitle(
  ws: Workspace,
  kind: Finding['kind'],
  id: string,
  fallback: string,
  lang: Lang,
): string {
  const list =
    kind === 'theme'
      ? ws.ruleset.themes
      : kind === 'risk-group'
        ? ws.ruleset.riskGroups
        : ws.ruleset.transitions;
  const found = list.find((x) => x.id === id);
  return found ? localText(found.title, lang) || fallback : fallback;
}

// Intl formatters are costly to make and pages show many numbers: one per language.
const PERCENT = {
  da: new Intl.NumberFormat('da-DK', { maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }),
};
const percent = (x: number, lang: Lang): string => PERCENT[lang].format(x * 100);

/** The overview: what the document is, how well it was read, what was found and where. */
export function overviewView(ws: Workspace, lang: Lang) {
  const an = ws.analysis;
  if (!an) throw new Error('overview without a processed document');
  const { doc, findings } = an;
  const rows: { depth: number; label: string; heading?: string; page: number }[] = [];
  const walk = (nodes: typeof doc.body, depth: number): void => {
    for (const n of nodes) {
      rows.push({
        depth,
        label: n.label,
        page: n.page,
        ...(n.heading && n.heading !== n.label ? { heading: n.heading } : {}),
      });
      if (depth < 1) walk(n.children, depth + 1);
    }
  };
  walk(doc.body, 0);
  const finding = (f: Finding) => ({
    title: findingTitle(ws, f.kind, f.theme, f.title, lang),
    kind: f.kind,
    score: f.score.toFixed(1),
    evidence: f.evidence.slice(0, 4).map(quoteView),
    more: Math.max(0, f.evidence.length - 4),
  });
  return {
    title: doc.metadata.title,
    kind: DOCUMENT_KIND_NAMES[doc.kind][lang],
    isAmendingBill: doc.metadata.isAmendingBill,
    pages: doc.pages?.length ?? 0,
    classified: percent(doc.quality.classifiedShare, lang),
    rows: rows.slice(0, 400),
    rowsCut: Math.max(0, rows.length - 400),
    amendments: doc.amendments.map((a) => ({
      label: a.label,
      operation: AMENDMENT_OPERATION_NAMES[a.operation][lang],
      target: a.target,
    })),
    qualityNotes: doc.quality.notes.map((n) => n[lang]),
    unclassified: doc.quality.unclassified.slice(0, 20).map((u) => ({
      page: u.page,
      reason: u.reason,
      excerpt: doc.text.slice(u.start, Math.min(u.end, u.start + 160)),
    })),
    relevance: {
      suggestion: findings.relevance.suggestion,
      confidence: percent(findings.relevance.confidence, lang),
      reasons: findings.relevance.reasons,
    },
    findings: findings.findings.map(finding),
    notFound: findings.coverage.looked
      .filter((l) => !l.found)
      .map((l) => findingTitle(ws, l.kind, l.id, l.title, lang)),
    coverageNote: findings.coverage.note,
    ruleset: `${findings.ruleset.id}@${findings.ruleset.version}`,
  };
}

/** Stage 1: each trigger with its suggestion, evidence and "why am I asked this?". */
export function stage1View(ws: Workspace, lang: Lang) {
  const state = ws.state;
  if (!state) throw new Error('stage 1 without a processed document');
  const T = NOTE_TEXTS[lang];
  return state.triggers.map((t, i) => {
    const def = ws.ruleset.triggers.find((d) => d.id === t.trigger);
    return {
      id: t.trigger,
      number: i + 1,
      title: def ? localText(def.title, lang) : t.trigger,
      question: def ? localText(def.question, lang) : t.trigger,
      help: def ? localText(def.help, lang) : '',
      source: def ? sourceText(def.source, lang) : '',
      suggestion: t.suggestion,
      suggestionText: T.value[t.suggestion],
      confidence: percent(t.confidence, lang),
      status: t.status,
      evidence: t.evidence.slice(0, 3).map(quoteView),
      moreEvidence: Math.max(0, t.evidence.length - 3),
    };
  });
}

export const VALUE_OPTIONS = ['yes', 'no', 'unknown'] as const;

/** Stage 2, one question: the question, why it is asked, where it is in the list, the provisions to cite. */
export function stage2View(ws: Workspace, questionId: string, values: FormValues, lang: Lang) {
  const state = ws.state;
  const v = state?.visible.find((q) => q.question.id === questionId);
  if (!state || !v) return undefined;
  const index = state.visible.indexOf(v);
  const T = NOTE_TEXTS[lang];
  const provisionOptions = [
    // Provisions of the bill itself; the remarks explain them but do not act.
    ...new Set(
      ws.analysis?.findings.findings.flatMap((f) =>
        f.evidence.filter((e) => e.scope !== 'remarks' && e.label.includes('§')).map((e) => e.label),
      ) ?? [],
    ),
  ].slice(0, 30);
  const chosen = Array.isArray(values.provisions)
    ? values.provisions
    : values.provisions
      ? [values.provisions]
      : [];
  const other = chosen.filter((p) => !provisionOptions.includes(p));
  return {
    id: questionId,
    number: index + 1,
    total: state.visible.length,
    title: localText(v.question.title, lang),
    text: localText(v.question.text, lang),
    help: localText(v.question.help, lang),
    source: sourceText(v.question.source, lang),
    why: v.why,
    previous: index > 0 ? state.visible[index - 1]?.question.id : undefined,
    provisionOptions,
    values: {
      ...values,
      provisions: chosen.filter((p) => provisionOptions.includes(p)),
      otherProvisions: typeof values.otherProvisions === 'string' ? values.otherProvisions : other.join('; '),
    },
    labels: {
      direction: T.direction,
      likelihood: T.likelihood,
      magnitude: T.magnitude,
      grade: T.grade,
      value: T.value,
    },
  };
}

function answerSummary(a: QuestionAnswer, lang: Lang): string {
  const T = NOTE_TEXTS[lang];
  if (a.affected !== 'yes') return `${T.value[a.affected]}${a.note ? ` – ${a.note}` : ''}`;
  const parts = [
    T.value.yes,
    a.direction ? T.direction[a.direction] : '',
    a.magnitude !== undefined ? T.magnitude[a.magnitude] : '',
    a.likelihood ? T.likelihood[a.likelihood] : '',
  ].filter(Boolean);
  return `${parts.join(', ')}${a.mechanism ? `. ${a.mechanism.text}` : ''}`;
}

/** Check your answers: every answer with a change link; what is missing, unconfirmed or stale is flagged. */
export function checkView(ws: Workspace, lang: Lang) {
  const state = ws.state;
  if (!state) throw new Error('check page without a processed document');
  const T = NOTE_TEXTS[lang];
  const triggers = stage1View(ws, lang).map((t) => {
    const s = state.triggers.find((x) => x.trigger === t.id);
    const given = ws.answers.triggers[t.id];
    return {
      id: t.id,
      question: t.question,
      answer: s ? T.value[s.value] : '',
      note: given?.note ?? '',
      unconfirmed: s?.status === 'suggested',
      changed: s?.status === 'changed',
      recheck: ws.changes?.recheck.triggers.includes(t.id) ?? false,
      needsEvidence: s?.needsEvidence ?? false,
    };
  });
  const questions = state.visible.map((v) => ({
    id: v.question.id,
    title: localText(v.question.title, lang),
    answer: v.answer ? answerSummary(v.answer, lang) : '',
    missing: !v.answer,
    recheck: ws.changes?.recheck.questions.includes(v.question.id) ?? false,
    errors: v.errors,
    by: v.answer?.by ?? '',
    at: v.answer?.at ?? '',
  }));
  const stale = state.stale.map((id) => {
    const q = ws.ruleset.questions.find((x) => x.id === id);
    const a = ws.answers.questions[id];
    return { id, title: q ? localText(q.title, lang) : id, answer: a ? answerSummary(a, lang) : '' };
  });
  return {
    relevance: state.relevance,
    triggers,
    questions,
    stale,
    next: state.next,
    unconfirmedCount: triggers.filter((t) => t.unconfirmed).length,
    recheckCount: triggers.filter((t) => t.recheck).length + questions.filter((q) => q.recheck).length,
    draft: ws.changes ? { from: ws.changes.from, to: ws.changes.to } : undefined,
    missingCount: questions.filter((q) => q.missing || q.errors.length).length,
    bottomLine: T.bottomLine[state.outcome.bottomLine] ?? state.outcome.bottomLine,
  };
}

/** The outcome: the relational bottom line, the profile, and whether it is material. */
export function outcomeView(ws: Workspace, lang: Lang) {
  const state = ws.state;
  if (!state) throw new Error('outcome without a processed document');
  const T = NOTE_TEXTS[lang];
  const o = state.outcome;
  return {
    bottomLine: o.bottomLine,
    bottomLineText: T.bottomLine[o.bottomLine] ?? o.bottomLine,
    material: o.material,
    materialBy: o.materialBy,
    profile: o.profile.map((p) => {
      const q = ws.ruleset.questions.find((x) => x.id === p.question);
      return {
        title: q ? localText(q.title, lang) : p.question,
        affected: T.value[p.affected],
        direction: p.direction ? (T.direction[p.direction] ?? p.direction) : '',
        magnitude: p.magnitude !== undefined ? (T.magnitude[p.magnitude] ?? String(p.magnitude)) : '',
        likelihood: p.likelihood ? (T.likelihood[p.likelihood] ?? p.likelihood) : '',
      };
    }),
  };
}

/** What the latest draft changed since the one before: for the changes page. */
export function changesView(ws: Workspace) {
  const c = ws.changes;
  if (!c) return undefined;
  const rows = (set: typeof c.diff.amendments) => ({
    added: set.added,
    removed: set.removed,
    changed: set.changed,
    renumbered: set.renumbered,
  });
  return {
    from: c.from,
    to: c.to,
    amendments: rows(c.diff.amendments),
    provisions: rows(c.diff.provisions),
    unchanged: c.diff.unchanged,
    recheck: c.recheck.triggers.length + c.recheck.questions.length,
  };
}

/** Review comments as threads, open first, each named by what it is about. */
/** Comment threads as the note's appendix rows: the opening comment, then each reply on its own line. */
export function noteComments(
  view: ReturnType<typeof commentsView>,
  l: Lang,
): { target: string; thread: string; status: string }[] {
  const line = (c: Comment) => `${c.author.name}, ${formatDate(c.createdAt, l, true)}: ${c.body}`;
  return [...view.open, ...view.resolved]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((t) => ({
      target: t.targetName,
      thread: [line(t), ...t.replies.map((r) => `↳ ${line(r)}`)].join('\n'),
      status: t.resolved
        ? `${l === 'da' ? 'Løst' : 'Resolved'} ${formatDate(t.resolved.at, l)}`
        : l === 'da'
          ? 'Åben'
          : 'Open',
    }));
}

export function commentsView(ws: Workspace, comments: Comment[], lang: Lang) {
  const triggerTitle = (id: string) => {
    const t = ws.ruleset.triggers.find((x) => x.id === id);
    return t ? localText(t.title, lang) : id;
  };
  const questionTitle = (id: string) => {
    const q = ws.ruleset.questions.find((x) => x.id === id);
    return q ? localText(q.title, lang) : id;
  };
  const targetName = (target: string): string => {
    const [kind, ...rest] = target.split(':');
    const id = rest.join(':');
    if (kind === 'trigger') return `${lang === 'da' ? 'Trin 1' : 'Stage 1'}: ${triggerTitle(id)}`;
    if (kind === 'question') return `${lang === 'da' ? 'Trin 2' : 'Stage 2'}: ${questionTitle(id)}`;
    if (kind === 'provision') return id;
    return lang === 'da' ? 'Generelt' : 'General';
  };
  const threads = comments
    .filter((c) => !c.parentId)
    .map((c) => ({
      ...c,
      targetName: targetName(c.target),
      replies: comments.filter((r) => r.parentId === c.id),
    }));
  const provisions = [
    ...new Set(ws.analysis?.findings.findings.flatMap((f) => f.evidence.map((e) => e.label)) ?? []),
  ].slice(0, 40);
  return {
    open: threads.filter((t) => !t.resolved),
    resolved: threads.filter((t) => t.resolved),
    targets: [
      { value: 'general', label: targetName('general') },
      ...(ws.state?.triggers ?? []).map((t) => ({
        value: `trigger:${t.trigger}`,
        label: targetName(`trigger:${t.trigger}`),
      })),
      ...(ws.state?.visible ?? []).map((v) => ({
        value: `question:${v.question.id}`,
        label: targetName(`question:${v.question.id}`),
      })),
      ...provisions.map((p) => ({ value: `provision:${p}`, label: p })),
    ],
  };
}
