import type { SourceBlock, TableCell } from '../domain/source-text';
import type { TextWithBlocks } from './html-to-text';
import { normaliseChars } from './clean-text';

function stripInline(s: string): string {
  return s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_](\S(?:.*?\S)?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1');
}

const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/** Markdown to text: heading markers become heading blocks, pipe tables become table blocks. */
export function markdownToText(markdown: string): TextWithBlocks {
  const lines = normaliseChars(markdown).split('\n');
  let text = '';
  const blocks: SourceBlock[] = [];
  let table: { start: number; rows: TableCell[][] } | null = null;
  const closeTable = (): void => {
    if (table && table.rows.length > 0)
      blocks.push({
        kind: 'table',
        start: table.start,
        end: text.replace(/\n$/, '').length,
        rows: table.rows,
      });
    table = null;
  };
  for (const raw of lines) {
    const line = raw.replace(/\s+$/, '').replace(/^\s{0,3}>\s?/, '');
    if (TABLE_RULE.test(line) && line.includes('-')) continue;
    const heading = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line);
    if (/^\s*\|.*\|\s*$/.test(line)) {
      if (!table) table = { start: text.length, rows: [] };
      const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
      const row: TableCell[] = [];
      cells.forEach((c, i) => {
        if (i > 0) text += '\t';
        const cellText = stripInline(c.trim());
        row.push({ text: cellText, start: text.length, end: text.length + cellText.length });
        text += cellText;
      });
      table.rows.push(row);
      text += '\n';
      continue;
    }
    closeTable();
    if (heading) {
      const start = text.length;
      const h = stripInline(heading[2] ?? '');
      text += `${h}\n`;
      if (h) blocks.push({ kind: 'heading', level: heading[1]?.length ?? 1, start, end: start + h.length });
      continue;
    }
    const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
    text += `${bullet ? `${bullet[1]}– ${stripInline(bullet[2] ?? '')}` : stripInline(line)}\n`;
  }
  closeTable();
  return { text, blocks };
}
