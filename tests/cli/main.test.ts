import path from 'node:path';
import { EXIT } from '../../src/cli/main';
import { cli } from '../helpers/cli';
import { SAMPLES_DIR } from '../helpers/samples';

const run = cli;

const sample = (name: string): string => path.join(SAMPLES_DIR, name);

describe('relationstjek parse: every bad file in samples/bad gets its specific error', () => {
  it.each([
    ['tom.txt', /Filen er tom \(0 byte\)/, /The file is empty/],
    ['billede.png', /Filtypen kan ikke læses \(PNG-billede\)/, /cannot be read \(PNG image\)/],
    ['program.pdf', /ikke læsbar tekst \(ELF-program\)/, /ELF program/],
    ['binaer.txt', /ikke læsbar tekst \(binære data/, /binary data/],
    ['beskadiget.docx', /beskadiget og kan ikke åbnes som Word/, /damaged and cannot be opened as Word/],
    ['afkortet.pdf', /beskadiget og kan ikke åbnes som PDF/, /damaged and cannot be opened as PDF/],
    ['krypteret.pdf', /beskyttet med adgangskode/, /password-protected/],
    ['scannet.pdf', /ingen tekst, kun billeder \(2 sider\).*scannet/, /no text layer/],
  ])('%s', async (file, da, en) => {
    const r = await run('parse', sample(`bad/${file}`));
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toMatch(da);
    expect(r.err).toMatch(en);
    expect(r.err).not.toMatch(/\n\s+at /); // never a stack trace
    expect(r.out).toBe('');
  });

  it('a missing file is bad input too', async () => {
    const r = await run('parse', sample('findes-ikke.pdf'));
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toMatch(/Filen findes ikke/);
  });

  it('an unknown command is a usage error', async () => {
    const r = await run('frobnicate');
    expect(r.code).toBe(EXIT.badInput);
  });
});

describe('relationstjek parse on good samples', () => {
  it('prints the outline and the import-quality report', async () => {
    const r = await run('parse', sample('lovforslag-aendring.docx'));
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/^Forslag til Lov om ændring af lov om social service/);
    expect(r.out).toContain('§ 1, nr. 9');
    expect(r.out).toMatch(/Importkvalitet: 100 % af teksten er klassificeret/);
    expect(r.out).toContain('Sammenfattende skema (9 rækker)');
  });

  it('--json prints the LegalDocument', async () => {
    const r = await run('parse', sample('lovforslag-ny-lov.txt'), '--json');
    expect(r.code).toBe(EXIT.ok);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ kind: 'dk-bill', format: 'text', language: 'da' });
    expect(doc.body.some((n: { kind: string }) => n.kind === 'chapter')).toBe(true);
    expect(doc.quality.classifiedShare).toBeGreaterThan(0.95);
  });

  it('--lang en prints English headings', async () => {
    const r = await run('parse', sample('uk-bill.txt'), '--lang', 'en');
    expect(r.out).toContain('Import quality');
    expect(r.out).toContain('clause 10');
  });
});
