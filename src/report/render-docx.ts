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

/** A table with a repeated header row (real Word structure, not tabs); widths in per cent. */
function table(head: string[], rows: string[][], widths?: number[]): Table {
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
  const children: (Paragraph | Table | TableOfContents)[] = [
    new Paragraph({ text: 'Konsekvensnotat: fællesskaber og nære relationer', heading: HeadingLevel.TITLE }),
    p(hd.title),
    table(
      ['Felt', 'Værdi'],
      [
        ['Ministerium/myndighed', hd.ministry || '–'],
        ['Sagsnummer', hd.caseNumber || '–'],
        ['Udkast', hd.draftVersion || '–'],
        ['Dato', hd.date],
        ['Regelsæt', hd.ruleset],
        ['SHA-256 af det vurderede dokument', hd.sha256],
      ],
      [35, 65],
    ),
  ];
  if (note.unconfirmedWarning) {
    children.push(
      new Paragraph({
        children: [new TextRun({ text: `OBS: ${note.unconfirmedWarning}`, bold: true })],
        spacing: { before: 200, after: 200 },
      }),
    );
  }
  children.push(new TableOfContents('Indhold', { hyperlink: true, headingStyleRange: '1-2' }));
  children.push(
    h('Resumé og relationel bundlinje', HeadingLevel.HEADING_1),
    p(`Relationel bundlinje: ${note.bottomLine}.`),
    ...note.summary.map((s) => p(s.text)),
  );
  children.push(
    h(
      `Del A – tekst til lovforslagets almindelige bemærkninger (model ${note.partA.mode})`,
      HeadingLevel.HEADING_1,
    ),
  );
  children.push(
    h(note.partA.heading, HeadingLevel.HEADING_2),
    ...note.partA.paragraphs.map((s) => p(s.text)),
  );
  if (note.partA.skemaRow) {
    children.push(
      p(
        'Forslag til ekstra række i det sammenfattende skema (model b forudsætter en ændring af Lovkvalitetsvejledningen):',
      ),
      table(note.partA.skemaRow.heading, [note.partA.skemaRow.row]),
    );
  }
  children.push(
    h('Del B – relevansvurdering (trin 1)', HeadingLevel.HEADING_1),
    table(
      ['Spørgsmål', 'Svar', 'Status', 'Bestemmelser og citater'],
      note.partB.map((b) => [
        `${b.trigger}: ${b.question}`,
        b.answer,
        b.status,
        b.evidence.map((e) => `${e.label} (s. ${e.page}): »${e.quote}«`).join('\n') || '–',
      ]),
      [26, 10, 13, 51],
    ),
    h('Del C – konsekvensvurdering (trin 2)', HeadingLevel.HEADING_1),
    // One small table per question reads better on a portrait page than a nine-column grid.
    ...note.partC.flatMap((c) => [
      h(c.question, HeadingLevel.HEADING_3),
      table(
        ['Felt', 'Vurdering'],
        [
          ['Berørt', c.affected],
          ['Retning', c.direction],
          ['Omfang (0–3)', c.magnitude],
          ['Sandsynlighed', c.likelihood],
          ['Varighed', c.duration],
          ['Mekanisme (bestemmelser)', c.mechanism],
          ['Evidens og kvalitet', c.evidence],
          ['Afbødning overvejet', c.mitigation],
        ],
        [30, 70],
      ),
    ]),
    h('Berørte grupper', HeadingLevel.HEADING_2),
    note.groups.length
      ? table(
          ['Gruppe', 'Skønnet antal', 'Spørgsmål'],
          note.groups.map((g) => [g.group, g.estimate, g.question]),
        )
      : p('Ingen grupper angivet.'),
    h('Relevante initiativer i den nationale handlingsplan mod ensomhed', HeadingLevel.HEADING_1),
    p(
      note.initiatives.length
        ? `Initiativ ${note.initiatives.join(', ')} (National handlingsplan mod ensomhed, 2023).`
        : 'Ingen initiativer er knyttet til fundene.',
    ),
    h('Metode og sporbarhed', HeadingLevel.HEADING_1),
    p(
      `Dokumentet er læst med ${note.method.classifiedShare} af teksten klassificeret. Reglerne, der slog an:`,
    ),
    ...note.method.rulesFired.slice(0, 60).map((r) => new Paragraph({ text: r, bullet: { level: 0 } })),
    p(
      note.method.answeredBy.length
        ? 'Besvarelser:'
        : 'Ingen besvarelser er registreret; trin 1 bygger på forslag.',
    ),
    ...note.method.answeredBy.map((r) => new Paragraph({ text: r, bullet: { level: 0 } })),
    h('Godkendelse', HeadingLevel.HEADING_1),
    table(
      ['Rolle', 'Navn og dato'],
      [
        ['Udarbejdet af', note.signOff.preparedBy || ' '],
        ['Godkendt af', note.signOff.approvedBy || ' '],
      ],
    ),
  );
  const doc = new Document({
    creator: 'Relationstjek',
    title: `Konsekvensnotat – ${hd.title}`,
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
                  new TextRun({ children: ['Side ', PageNumber.CURRENT, ' af ', PageNumber.TOTAL_PAGES] }),
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
    out.file(name, content, { date: now });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
