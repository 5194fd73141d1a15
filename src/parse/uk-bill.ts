import type { Provision } from '../domain/legal-document';
import { buildTree, type Marker } from './build-tree';
import { skipSpace, splitLines, squash } from './lines';

const PART = /^PART[ \t]+(\d+|[IVXLC]+)\b[ \t]*(.*)$/;
const CHAPTER = /^CHAPTER[ \t]+(\d+|[IVXLC]+)\b[ \t]*(.*)$/;
const CLAUSE = /^(\d{1,3})[ \t]+(\p{Lu}[^\n]{2,150})$/u;
const SCHEDULE = /^(?:SCHEDULE|Schedule)(?:[ \t]+(\d+))?[ \t]*$/;
const NOTES = /^EXPLANATORY NOTES\b/i;
// A cross-heading ("Visits", "Restrictions") groups the clauses that follow it.
const CROSS_HEADING = /^\p{Lu}[^.;:,()]{1,60}$/u;

/** UK bill or Act: Parts, Chapters, clauses with (1), (a), (i); Schedules; Explanatory Notes. */
export function parseUkBill(
  text: string,
  pageOf: (o: number) => number,
): { nodes: Provision[]; firstMarker: number } {
  const isAct = !/\bA\s+BILL\b/.test(text.slice(0, 5000));
  const unit = isAct ? 'section' : 'clause';
  const markers: Marker[] = [];
  let expected = 1;
  let inNotes = false;
  let inSchedule = false;
  let schedulePara = 1;
  let scheduleId = 'sch1';
  let notePara = 1;
  // A contents list repeats Part and clause headings before the enacting words: keep it as one node.
  const contents = /^[ \t]*(CONTENTS|Contents)[ \t]*$/m.exec(text.slice(0, 20000));
  let bodyFrom = 0;
  if (contents) {
    const after = contents.index + contents[0].length;
    const firstEntry = splitLines(text, after).find((l) => l.text.trim());
    const enacting = /^[ \t]*A[ \t]*\n?[ \t]*BILL\b|^[ \t]*BE IT ENACTED/m.exec(text.slice(after));
    const repeat = firstEntry ? text.indexOf(`\n${firstEntry.text}`, firstEntry.end) : -1;
    bodyFrom = enacting ? after + enacting.index : repeat >= 0 ? repeat + 1 : after;
    markers.push({ level: 0, start: contents.index, id: 'contents', kind: 'contents', label: 'Contents' });
    markers.push({
      level: 0,
      start: skipSpace(text, bodyFrom, text.length),
      id: 'enactment',
      kind: 'front-matter',
      label: 'Long title and enacting formula',
    });
  }
  const lines = splitLines(text, bodyFrom);
  lines.forEach((l, i) => {
    const t = squash(l.text);
    const at = skipSpace(text, l.start, l.end);
    if (!t) return;
    const next = squash(lines.slice(i + 1).find((x) => x.text.trim())?.text ?? '');
    let m: RegExpExecArray | null;
    if (inNotes) {
      if ((m = /^(?:Clause|Section)\s+(\d+)\b/.exec(t))) {
        markers.push({
          level: 1,
          start: at,
          id: `notes/c${m[1]}`,
          kind: 'heading',
          label: t,
          heading: t,
          refersTo: `c${m[1]}`,
        });
      } else if ((m = /^(\d{1,3})\s+\p{Lu}/u.exec(t)) && Number(m[1]) === notePara) {
        markers.push({
          level: 2,
          start: at,
          id: `notes/para${notePara}`,
          kind: 'paragraph',
          label: `Explanatory Notes, paragraph ${notePara}`,
          number: String(notePara),
        });
        notePara++;
      }
      return;
    }
    const nextClause = CLAUSE.exec(next);
    const nextIsUnit = inSchedule
      ? new RegExp(`^${schedulePara}\\s`).test(next)
      : nextClause !== null && Number(nextClause[1]) === expected;
    const prevLine = squash(
      lines
        .slice(0, i)
        .reverse()
        .find((x) => x.text.trim())?.text ?? '',
    );
    const titleOfPart = PART.test(prevLine) || CHAPTER.test(prevLine);
    if (
      CROSS_HEADING.test(t) &&
      nextIsUnit &&
      !titleOfPart &&
      !PART.test(t) &&
      !CHAPTER.test(t) &&
      !SCHEDULE.test(t) &&
      !NOTES.test(t)
    ) {
      markers.push({
        level: inSchedule ? 1 : 2,
        start: at,
        id: `${inSchedule ? `${scheduleId}/` : ''}h-${t.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
        kind: 'heading',
        label: t,
        heading: t,
      });
      return;
    }
    if (NOTES.test(t)) {
      inNotes = true;
      markers.push({
        level: 0,
        start: at,
        id: 'notes',
        kind: 'explanatory-notes',
        label: 'Explanatory Notes',
      });
    } else if ((m = SCHEDULE.exec(t))) {
      inSchedule = true;
      schedulePara = 1;
      const n = m[1] ?? '1';
      scheduleId = `sch${n}`;
      // "Section 10(4)" under the heading says which section introduces it; the title follows.
      const title = lines
        .slice(i + 1, i + 4)
        .map((x) => squash(x.text))
        .find((x) => x && !/^Sections?\s+\d/.test(x));
      markers.push({
        level: 0,
        start: at,
        id: scheduleId,
        kind: 'schedule',
        label: `Schedule ${n}`,
        number: n,
        heading: title ?? next,
      });
    } else if (inSchedule && (m = /^(\d{1,3})[ \t]+\S/.exec(t)) && Number(m[1]) === schedulePara) {
      markers.push({
        level: 1,
        start: at,
        id: `${scheduleId}/para${schedulePara}`,
        kind: 'paragraph',
        label: `${scheduleId.replace('sch', 'Schedule ')}, paragraph ${schedulePara}`,
        number: String(schedulePara),
      });
      schedulePara++;
    } else if ((m = PART.exec(t)) && !inSchedule) {
      markers.push({
        level: 0,
        start: at,
        id: `part${m[1]}`,
        kind: 'part',
        label: `Part ${m[1]}`,
        number: m[1] ?? '',
        heading: squash(m[2] ?? '') || next,
      });
    } else if ((m = CHAPTER.exec(t)) && !inSchedule) {
      markers.push({
        level: 1,
        start: at,
        id: `ch${m[1]}`,
        kind: 'chapter',
        label: `Chapter ${m[1]}`,
        number: m[1] ?? '',
        heading: squash(m[2] ?? '') || next,
      });
    } else if ((m = CLAUSE.exec(t)) && !inSchedule && Number(m[1]) === expected && !/[.;,]$/.test(t)) {
      expected++;
      const n = m[1] ?? '';
      const id = `c${n}`;
      const label = `${unit} ${n}`;
      markers.push({
        level: 2,
        start: at,
        id,
        kind: 'section',
        label,
        number: n,
        heading: squash(m[2] ?? ''),
        expand: (node) => subsections(text, at + t.length, node.end, id, label, pageOf),
      });
    }
  });
  return { nodes: buildTree(markers, text.length, pageOf), firstMarker: markers[0]?.start ?? text.length };
}

const ROMAN = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii'];

function subsections(
  text: string,
  from: number,
  to: number,
  id: string,
  label: string,
  pageOf: (o: number) => number,
): Provision[] {
  const markers: Marker[] = [];
  let sub = 0;
  let para = 0;
  let roman = 0;
  let subId = id;
  let subLabel = label;
  let paraId = id;
  let paraLabel = label;
  for (const l of splitLines(text, from, to)) {
    const at = skipSpace(text, l.start, l.end);
    const t = text.slice(at, l.end);
    const m = /^\((\d+|[a-z]{1,4})\)\s/.exec(t);
    if (!m) {
      // Words "full out" after a list of paragraphs belong to the whole subsection, not its last paragraph.
      if (para > 0 && /^\p{Ll}/u.test(t)) {
        markers.push({
          level: 1,
          start: at,
          id: `${subId}/closing`,
          kind: 'paragraph',
          label: `${subLabel}, closing words`,
        });
        para = 0;
        roman = 0;
      }
      continue;
    }
    const tok = m[1] ?? '';
    if (/^\d+$/.test(tok) && Number(tok) === sub + 1) {
      sub++;
      para = 0;
      roman = 0;
      subId = `${id}/s${tok}`;
      subLabel = `${label}(${tok})`;
      paraId = subId;
      paraLabel = subLabel;
      markers.push({ level: 0, start: at, id: subId, kind: 'subsection', label: subLabel, number: tok });
    } else if (tok === ROMAN[roman] && para > 0 && !(tok === 'i' && para === 8)) {
      // "(i)" after "(h)" is the next letter; otherwise roman numerals nest under the last paragraph.
      roman++;
      markers.push({
        level: 2,
        start: at,
        id: `${paraId}/${tok}`,
        kind: 'litra',
        label: `${paraLabel}(${tok})`,
        number: tok,
      });
    } else if (tok.length === 1 && tok.charCodeAt(0) === 97 + para) {
      para++;
      roman = 0;
      paraId = `${subId}/${tok}`;
      paraLabel = `${subLabel}(${tok})`;
      markers.push({ level: 1, start: at, id: paraId, kind: 'point', label: paraLabel, number: tok });
    }
  }
  return buildTree(markers, to, pageOf);
}
