import type { ImpactNote } from './impact-note';
import {
  groupsTable,
  headerTable,
  partBTable,
  partCTable,
  signOffTable,
  commentsTable,
  type NoteTable,
} from './note-tables';
import { NOTE_TEXTS } from './note-texts';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function table({ head, rows }: NoteTable): string {
  return `<table><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c).replace(/\n/g, '<br>')}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** ImpactNote → a standalone HTML preview (no script, everything escaped), the same content as the .docx. */
export function renderHtml(note: ImpactNote): string {
  const T = NOTE_TEXTS[note.language];
  return [
    `<!doctype html><html lang="${note.language}"><head><meta charset="utf-8"><title>${esc(T.title)} – ${esc(note.header.title)}</title></head><body>`,
    renderHtmlBody(note),
    '</body></html>',
  ].join('\n');
}

/** The note's content for embedding in a page; `shift` lowers every heading (h1 → h2 at 1) under the page's own. */
export function renderHtmlBody(note: ImpactNote, shift = 0): string {
  const T = NOTE_TEXTS[note.language];
  const hd = note.header;
  const p = (t: string): string => `<p>${esc(t)}</p>`;
  const h = (level: number, t: string): string => `<h${level + shift}>${esc(t)}</h${level + shift}>`;
  const out: string[] = [h(1, T.title), p(hd.title), table(headerTable(note, T))];
  if (note.unconfirmedWarning)
    out.push(
      `<p role="alert"><strong>${esc(`${T.unconfirmedLabel}: ${note.unconfirmedWarning}`)}</strong></p>`,
    );
  out.push(
    h(2, T.summary),
    p(`${T.bottomLineLabel}: ${note.bottomLine}.`),
    ...(note.notAssessedReason ? [p(`${T.notAssessedReasonLabel}: ${note.notAssessedReason}`)] : []),
    ...note.summary.map((s) => p(s.text)),
  );
  if (note.municipalParagraph) out.push(h(2, T.partAHeading), p(note.municipalParagraph.text));
  else {
    out.push(
      h(2, T.partA(note.partA.mode)),
      p(T.placement(note.partA.mode)),
      h(3, note.partA.heading),
      ...note.partA.paragraphs.map((s) => p(s.text)),
    );
    if (note.partA.note) out.push(p(note.partA.note));
    if (note.partA.skemaRow)
      out.push(
        p(T.skemaIntro),
        table({ head: note.partA.skemaRow.heading, rows: [note.partA.skemaRow.row] }),
      );
  }
  if (note.committeeQuestions)
    out.push(
      h(2, T.committee),
      p(T.committeeIntro),
      `<ol>${note.committeeQuestions.map((q) => `<li>${esc(q.text)}</li>`).join('')}</ol>`,
    );
  out.push(
    h(2, T.partB),
    table(partBTable(note, T)),
    h(2, T.partC),
    ...note.partC.map((c) => `${h(3, c.question)}${table(partCTable(c, T))}`),
    h(3, T.groups),
    note.groups.length ? table(groupsTable(note, T)) : p(T.noGroups),
    h(2, T.initiatives),
    p(T.initiativesText(note.initiatives)),
    h(2, T.method),
    p(T.methodText(note.method.classifiedShare)),
    `<ul>${note.method.rulesFired.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`,
    p(note.method.answeredBy.length ? T.answers : T.noAnswers),
    `<ul>${note.method.answeredBy.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`,
    h(2, T.signOff),
    table(signOffTable(note, T)),
  );
  if (note.comments) out.push(h(2, T.commentsAppendix), p(T.commentsIntro), table(commentsTable(note, T)));
  return out.join('\n');
}
