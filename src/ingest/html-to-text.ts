import { Parser } from 'htmlparser2';
import type { SourceBlock, TableCell } from '../domain/source-text';
import { normaliseChars } from './clean-text';
import { IngestError } from './ingest-error';

const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'aside',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'br',
  'hr',
  'caption',
  'figure',
  'figcaption',
  'form',
  'address',
  'center',
]);
// Not part of the document: scripts, styles and the site's own navigation around a bill.
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'nav',
  'footer',
  'svg',
  'button',
  'iframe',
  'object',
  'select',
]);

/**
 * Open elements inside one another beyond which a file is refused: the parser's stack work grows with the
 * depth of every tag, so 100,000 nested divs take minutes. Browsers stop nesting at 512; documents at ~30.
 */
export const MAX_HTML_DEPTH = 1000;

export interface TextWithBlocks {
  text: string;
  blocks: SourceBlock[];
}

/**
 * HTML (from a web page or from mammoth's DOCX conversion) to text with one line per block element,
 * headings and tables kept as blocks. Streaming, so deeply nested markup cannot exhaust the stack.
 */
export function htmlToText(html: string): TextWithBlocks {
  let text = '';
  const blocks: SourceBlock[] = [];
  let skipDepth = 0;
  // Inside <main>/<article> a <header> belongs to the document; outside it is the site's banner.
  let contentDepth = 0;
  let heading: { level: number; start: number } | null = null;
  const tables: { start: number; rows: TableCell[][]; cell: { start: number } | null }[] = [];
  const lists: { ordered: boolean; n: number }[] = [];

  const newline = (): void => {
    text = text.replace(/ +$/, '');
    const cell = tables[tables.length - 1]?.cell;
    // Inside a cell, paragraphs break lines but the cell's own start (after its tab) stays put.
    if (cell && text.length <= cell.start) return;
    if (text.length > 0 && !text.endsWith('\n')) text += '\n';
  };
  const append = (s: string): void => {
    const clean = normaliseChars(s).replace(/\s+/g, ' ');
    if (!clean) return;
    if (text.length === 0 || text.endsWith('\n') || text.endsWith('\t')) text += clean.trimStart();
    else text += clean;
  };

  let depth = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (++depth > MAX_HTML_DEPTH)
          throw new IngestError('corrupt-file', {
            format: {
              da: `HTML (elementerne ligger mere end ${MAX_HTML_DEPTH.toLocaleString('da-DK')} niveauer inden i hinanden)`,
              en: `HTML (the elements are nested more than ${MAX_HTML_DEPTH.toLocaleString('en-GB')} levels deep)`,
            },
          });
        if (
          skipDepth > 0 ||
          SKIP.has(name) ||
          attrs.role === 'navigation' ||
          attrs.role === 'banner' ||
          attrs.hidden !== undefined ||
          attrs['aria-hidden'] === 'true' ||
          (name === 'header' && contentDepth === 0) ||
          /\bskip/i.test(attrs.class ?? '')
        ) {
          skipDepth++;
          return;
        }
        if (name === 'main' || name === 'article') contentDepth++;
        const table = tables[tables.length - 1];
        if (name === 'td' || name === 'th') {
          if (table) {
            if (table.cell) text += '\t';
            table.cell = { start: text.length };
          }
          return;
        }
        if (name === 'table') {
          newline();
          tables.push({ start: text.length, rows: [], cell: null });
          return;
        }
        if (name === 'tr' && table) {
          newline();
          table.rows.push([]);
          table.cell = null;
          return;
        }
        if (BLOCK.has(name)) newline();
        if (/^h[1-6]$/.test(name)) heading = { level: Number(name[1]), start: text.length };
        if (name === 'ol' || name === 'ul')
          lists.push({ ordered: name === 'ol', n: Number(attrs.start ?? 1) - 1 });
        if (name === 'li') {
          const list = lists[lists.length - 1];
          if (list) {
            list.n++;
            // Word's automatic numbering is lost in conversion; the number is part of a bill's text.
            text += list.ordered ? `${list.n}. ` : '– ';
          }
        }
      },
      ontext(data) {
        if (skipDepth === 0) append(data);
      },
      onclosetag(name) {
        depth--;
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        const table = tables[tables.length - 1];
        if ((name === 'td' || name === 'th') && table?.cell) {
          const row = table.rows[table.rows.length - 1];
          const start = table.cell.start;
          const raw = text.slice(start);
          const lead = raw.length - raw.trimStart().length;
          const cellText = raw.trim();
          // Keep the row on one line: a paragraph break that ended the cell is not part of it.
          text = text.slice(0, start + lead + cellText.length);
          row?.push({ text: cellText, start: start + lead, end: start + lead + cellText.length });
          return;
        }
        if (name === 'table' && table) {
          tables.pop();
          const end = text.replace(/\s+$/, '').length;
          const rows = table.rows.filter((r) => r.length > 0);
          if (rows.length > 0) blocks.push({ kind: 'table', start: table.start, end, rows });
          newline();
          return;
        }
        if (name === 'ol' || name === 'ul') lists.pop();
        if (name === 'main' || name === 'article') contentDepth = Math.max(0, contentDepth - 1);
        if (/^h[1-6]$/.test(name) && heading) {
          const end = text.replace(/\s+$/, '').length;
          if (end > heading.start)
            blocks.push({ kind: 'heading', level: heading.level, start: heading.start, end });
          heading = null;
        }
        if (BLOCK.has(name)) newline();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  newline();
  blocks.sort((a, b) => a.start - b.start);
  return { text, blocks };
}
