import type { ImpactNote } from './impact-note';
import {
  groupsTable,
  headerTable,
  partBTable,
  partCTable,
  signOffTable,
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
  const hd = note.header;
  const p = (t: string): string => `<p>${esc(t)}</p>`;
  const out: string[] = [
    `<!doctype html><html lang="${note.language}"><head><meta charset="utf-8"><title>${esc(T.title)} – ${esc(hd.title)}</title></head><body>`,
    `<h1>${esc(T.title)}</h1>`,
    p(hd.title),
    table(headerTable(note, T)),
  ];
  if (note.unconfirmedWarning)
    out.push(
      `<p role="alert"><strong>${esc(`${T.unconfirmedLabel}: ${note.unconfirmedWarning}`)}</strong></p>`,
    );
  out.push(
    `<h2>${esc(T.summary)}</h2>`,
    p(`${T.bottomLineLabel}: ${note.bottomLine}.`),
    ...note.summary.map((s) => p(s.text)),
  );
  if (note.municipalParagraph) out.push(`<h2>${esc(T.partAHeading)}</h2>`, p(note.municipalParagraph.text));
  else {
    out.push(
      `<h2>${esc(T.partA(note.partA.mode))}</h2>`,
      p(T.placement(note.partA.mode)),
      `<h3>${esc(note.partA.heading)}</h3>`,
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
      `<h2>${esc(T.committee)}</h2>`,
      p(T.committeeIntro),
      `<ol>${note.committeeQuestions.map((q) => `<li>${esc(q.text)}</li>`).join('')}</ol>`,
    );
  out.push(
    `<h2>${esc(T.partB)}</h2>`,
    table(partBTable(note, T)),
    `<h2>${esc(T.partC)}</h2>`,
    ...note.partC.map((c) => `<h3>${esc(c.question)}</h3>${table(partCTable(c, T))}`),
    `<h3>${esc(T.groups)}</h3>`,
    note.groups.length ? table(groupsTable(note, T)) : p(T.noGroups),
    `<h2>${esc(T.initiatives)}</h2>`,
    p(T.initiativesText(note.initiatives)),
    `<h2>${esc(T.method)}</h2>`,
    p(T.methodText(note.method.classifiedShare)),
    `<ul>${note.method.rulesFired.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`,
    p(note.method.answeredBy.length ? T.answers : T.noAnswers),
    `<ul>${note.method.answeredBy.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`,
    `<h2>${esc(T.signOff)}</h2>`,
    table(signOffTable(note, T)),
    '</body></html>',
  );
  return out.join('\n');
}
