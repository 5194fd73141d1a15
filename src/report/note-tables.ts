import type { ImpactNote } from './impact-note';
import type { NoteTexts } from './note-texts';

/** The note's tables as rows of text, shared by the .docx and HTML renderers so both show the same thing. */
export interface NoteTable {
  head: string[];
  rows: string[][];
  /** Column widths in per cent (the .docx uses them). */
  widths?: number[];
}

export function quoted(text: string, lang: 'da' | 'en'): string {
  return lang === 'da' ? `»${text}«` : `“${text}”`;
}

export function headerTable(note: ImpactNote, T: NoteTexts): NoteTable {
  const hd = note.header;
  return {
    head: [T.fields.field, T.fields.value],
    rows: [
      [T.fields.ministry, hd.ministry || '–'],
      [T.fields.caseNumber, hd.caseNumber || '–'],
      [T.fields.draft, hd.draftVersion || '–'],
      [T.fields.date, hd.date],
      [T.fields.ruleset, hd.ruleset],
      [T.fields.sha, hd.sha256],
    ],
    widths: [35, 65],
  };
}

export function partBTable(note: ImpactNote, T: NoteTexts): NoteTable {
  return {
    head: T.partBHead,
    rows: note.partB.map((b) => [
      `${b.trigger}: ${b.question}`,
      b.answer,
      b.status,
      b.evidence
        .map((e) => `${e.label} (${T.pageAbbr} ${e.page}): ${quoted(e.quote, note.language)}`)
        .join('\n') || '–',
    ]),
    widths: [26, 10, 13, 51],
  };
}

/** One small table per stage-2 question: it reads better on a portrait page than a nine-column grid. */
export function partCTable(c: ImpactNote['partC'][number], T: NoteTexts): NoteTable {
  const values = [
    c.affected,
    c.direction,
    c.magnitude,
    c.likelihood,
    c.duration,
    c.mechanism,
    c.evidence,
    c.mitigation,
    c.changedInDraft,
  ];
  return {
    head: [T.fields.field, T.fields.value],
    rows: values.map((v, i) => [T.partCFields[i] ?? '', v]),
    widths: [30, 70],
  };
}

export function groupsTable(note: ImpactNote, T: NoteTexts): NoteTable {
  return { head: T.groupsHead, rows: note.groups.map((g) => [g.group, g.estimate, g.question]) };
}

/** The review comments appendix: one row per thread, replies on their own lines. */
export function commentsTable(note: ImpactNote, T: NoteTexts): NoteTable {
  return {
    head: T.commentsHead,
    rows: (note.comments ?? []).map((c) => [c.target, c.thread, c.status]),
    widths: [25, 55, 20],
  };
}

export function signOffTable(note: ImpactNote, T: NoteTexts): NoteTable {
  return {
    head: T.signOffHead,
    rows: [
      [T.preparedBy, note.signOff.preparedBy || ' '],
      [T.approvedBy, note.signOff.approvedBy || ' '],
    ],
  };
}
