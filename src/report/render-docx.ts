import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import JSZip from 'jszip';
import type { ImpactNote } from './impact-note';
import {
  groupsTable,
  headerTable,
  partBTable,
  partCTable,
  commentsTable,
  quoted,
  signOffTable,
  type NoteTable,
} from './note-tables';
import { NOTE_TEXTS } from './note-texts';

/** A NoteTable as a Word table with a repeated header row (real Word structure, not tabs). */
function table({ head, rows, widths }: NoteTable): Table {
  const mk = (text: string, i: number, bold = false): TableCell =>
    new TableCell({
      ...(widths ? { width: { size: widths[i] ?? 10, type: WidthType.PERCENTAGE } } : {}),
      children: text.split('\n').map((t) => new Paragraph({ children: [new TextRun({ text: t, bold })] })),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    ...(widths ? { columnWidths: widths.map((x) => Math.round(x * 90)) } : {}),
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h, i) => mk(h, i, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c, i) => mk(c, i)) })),
    ],
  });
}

const p = (text: string): Paragraph => new Paragraph({ text, spacing: { after: 120 } });
const h = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]): Paragraph =>
  new Paragraph({ text, heading: level });

/** ImpactNote → .docx: the renderer only maps the model to Word objects. `now` makes the file reproducible. */
export async function renderDocx(note: ImpactNote, now = new Date()): Promise<Buffer> {
  const hd = note.header;
  const T = NOTE_TEXTS[note.language];
  const children: (Paragraph | Table | TableOfContents)[] = [
    new Paragraph({ text: T.title, heading: HeadingLevel.TITLE }),
    p(hd.title),
    table(headerTable(note, T)),
  ];
  if (note.unconfirmedWarning) {
    children.push(
      new Paragraph({
        children: [new TextRun({ text: `${T.unconfirmedLabel}: ${note.unconfirmedWarning}`, bold: true })],
        spacing: { before: 200, after: 200 },
      }),
    );
  }
  children.push(new TableOfContents(T.toc, { hyperlink: true, headingStyleRange: '1-2' }));
  children.push(
    h(T.summary, HeadingLevel.HEADING_1),
    p(`${T.bottomLineLabel}: ${note.bottomLine}.`),
    ...(note.notAssessedReason ? [p(`${T.notAssessedReasonLabel}: ${note.notAssessedReason}`)] : []),
    ...note.summary.map((x) => p(x.text)),
  );
  if (note.municipalParagraph) {
    children.push(h(T.partAHeading, HeadingLevel.HEADING_1), p(note.municipalParagraph.text));
  } else {
    children.push(
      h(T.partA(note.partA.mode), HeadingLevel.HEADING_1),
      p(T.placement(note.partA.mode)),
      h(note.partA.heading, HeadingLevel.HEADING_2),
      ...note.partA.paragraphs.map((x) => p(x.text)),
    );
    if (note.partA.note) children.push(p(note.partA.note));
    if (note.partA.skemaRow)
      children.push(
        p(T.skemaIntro),
        table({ head: note.partA.skemaRow.heading, rows: [note.partA.skemaRow.row] }),
      );
  }
  if (note.committeeQuestions) {
    children.push(
      h(T.committee, HeadingLevel.HEADING_1),
      p(T.committeeIntro),
      ...note.committeeQuestions.map((q, i) =>
        p(`${T.questionLabel} ${i + 1}: ${quoted(q.text, note.language)}`),
      ),
    );
  }
  children.push(
    h(T.partB, HeadingLevel.HEADING_1),
    table(partBTable(note, T)),
    h(T.partC, HeadingLevel.HEADING_1),
    ...note.partC.flatMap((c) => [h(c.question, HeadingLevel.HEADING_3), table(partCTable(c, T))]),
    h(T.groups, HeadingLevel.HEADING_2),
    note.groups.length ? table(groupsTable(note, T)) : p(T.noGroups),
    h(T.initiatives, HeadingLevel.HEADING_1),
    p(T.initiativesText(note.initiatives)),
    h(T.method, HeadingLevel.HEADING_1),
    p(T.methodText(note.method.classifiedShare)),
    ...note.method.rulesFired.slice(0, 60).map((r) => new Paragraph({ text: r, bullet: { level: 0 } })),
    p(note.method.answeredBy.length ? T.answers : T.noAnswers),
    ...note.method.answeredBy.map((r) => new Paragraph({ text: r, bullet: { level: 0 } })),
    h(T.signOff, HeadingLevel.HEADING_1),
    table(signOffTable(note, T)),
  );
  if (note.comments)
    children.push(
      // An appendix starts on its own page, so it can be left out when the note is printed for others.
      new Paragraph({ text: T.commentsAppendix, heading: HeadingLevel.HEADING_1, pageBreakBefore: true }),
      p(T.commentsIntro),
      table(commentsTable(note, T)),
    );
  const doc = new Document({
    creator: 'Relationstjek',
    title: `${T.title} – ${hd.title}`,
    features: { updateFields: true },
    styles: {
      default: {
        document: {
          run: { font: 'Calibri', size: 22, language: { value: note.language === 'da' ? 'da-DK' : 'en-GB' } },
        },
      },
    },
    sections: [
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: [T.page[0], PageNumber.CURRENT, T.page[1], PageNumber.TOTAL_PAGES],
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return reproducible(await Packer.toBuffer(doc), now);
}

/**
 * The docx library numbers bookmarks with a process-wide counter and stamps the wall clock into the package;
 * renumber per document and use the injected time, so the same assessment always gives the same bytes.
 */
async function reproducible(docx: Buffer, now: Date): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const out = new JSZip();
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (const name of Object.keys(zip.files).sort()) {
    const entry = zip.files[name];
    if (!entry || entry.dir) continue;
    let content: string | Uint8Array = await entry.async(
      name.endsWith('.xml') || name.endsWith('.rels') ? 'string' : 'uint8array',
    );
    if (typeof content === 'string') {
      if (name === 'word/document.xml') {
        const tocs = new Map<string, string>();
        content = content.replace(/_Toc(\d+)/g, (_m, n: string) => {
          if (!tocs.has(n)) tocs.set(n, String(tocs.size + 1));
          return `_Toc${tocs.get(n)}`;
        });
        const ids = new Map<string, string>();
        content = content.replace(
          /(<w:bookmark(?:Start|End)[^>]*?w:id=")(\d+)"/g,
          (_m, head: string, n: string) => {
            if (!ids.has(n)) ids.set(n, String(ids.size + 1));
            return `${head}${ids.get(n)}"`;
          },
        );
      }
      if (name === 'docProps/core.xml')
        content = content.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${stamp}`);
    }
    // No implicit folder entries: JSZip would stamp them with the wall clock (a test failed across a 2-second tick).
    out.file(name, content, { date: now, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
