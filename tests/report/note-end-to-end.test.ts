import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { cli } from '../helpers/cli';
import { SAMPLES_DIR } from '../helpers/samples';

/** screen → answers file → .docx for every good sample, unedited answers: the note must still be whole and honest. */
describe.each([
  ['lovforslag-aendring.docx', 'dk-lovforslag'],
  ['lovforslag-aendring.pdf', 'dk-lovforslag'],
  ['lovforslag-ny-lov.txt', 'dk-lovforslag'],
  ['lovforslag-som-fremsat.html', 'dk-lovforslag'],
  ['kommune-dagsordenspunkt.docx', 'dk-kommune'],
  ['kommune-politik.md', 'dk-kommune'],
  ['uk-bill.txt', 'uk-family-test'],
])('%s', (sample, ruleset) => {
  it(`screen → answers → .docx with ${ruleset}`, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relationstjek-e2e-'));
    const answers = path.join(dir, 'svar.yaml');
    const note = path.join(dir, 'notat.docx');
    expect((await cli('questions', path.join(SAMPLES_DIR, sample), '--out', answers)).code).toBe(0);
    const r = await cli(
      'assess',
      path.join(SAMPLES_DIR, sample),
      '--answers',
      answers,
      '--out',
      note,
      '--date',
      '2026-11-24',
    );
    expect(r.code).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(note));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const text = xml.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain(`${ruleset}@1.0.0`);
    expect(text).toMatch(/Del A|Part A|Konsekvenser for fællesskaber og nære relationer:/);
    // Part A text: with unconfirmed suggestions the bottom line is honestly "not assessed".
    expect(text).toMatch(
      /endnu ikke vurderet|not yet been assessed|ikke at være væsentlige|not expected to be significant/,
    );
    expect(text).toMatch(/Del B|Part B/);
    expect(text).toMatch(/OBS: |NB: /);
    // Stage-1 evidence quotes the document's own words with their provision labels.
    expect(text).toMatch(/\(s\. \d+\): »|\(p\. \d+\): “/);
    expect(xml).toContain('w:tblHeader');
  });
});
