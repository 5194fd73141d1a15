import { execFile, spawnSync } from 'node:child_process';

let available: boolean | undefined;

/** Whether poppler's pdftotext is on this machine (checked once per process). */
export function popplerAvailable(): boolean {
  if (available === undefined) {
    const r = spawnSync('pdftotext', ['-v'], { stdio: 'ignore', timeout: 5000 });
    available = r.error === undefined && r.status === 0;
  }
  return available;
}

/**
 * Page texts from poppler's pdftotext, reading the PDF from stdin (nothing is written to disk). Returns
 * null when pdftotext fails, so the caller can let pdf.js diagnose the file and give the specific error.
 * `maxPages + 1` pages at most are extracted, enough to tell a too-long document without reading it all.
 */
export function readPdfPagesPoppler(
  bytes: Uint8Array,
  maxPages: number,
  timeoutMs: number,
): Promise<string[] | null> {
  return new Promise((resolve) => {
    const child = execFile(
      'pdftotext',
      ['-q', '-enc', 'UTF-8', '-l', String(maxPages + 1), '-', '-'],
      { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: timeoutMs },
      (error, stdout) => {
        if (error) {
          resolve(null);
          return;
        }
        const pages = stdout.split('\f');
        // pdftotext ends every page with a form feed: the last element is what follows the final one.
        if (pages.length > 1 && pages[pages.length - 1] === '') pages.pop();
        resolve(pages);
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}
