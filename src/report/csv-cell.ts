/**
 * One CSV cell (RFC 4180). A text starting with = + - @ would be run as a formula by Excel (CSV injection), so it is
 * kept as text with a leading '. Quoted when it holds a quote, a line break, `;` or the file's own separator.
 */
export function csvCell(value: string | number | undefined, separator: ',' | ';'): string {
  if (typeof value === 'number') return String(value);
  let s = value ?? '';
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  const special = separator === ',' ? /[",\r\n;]/ : /[";\r\n]/;
  return special.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}
