import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { detect } from '../../src/detect/detect';
import { projectRoot } from '../../src/project-root';
import { readAnswersFile } from '../../src/questionnaire/answers-file';
import { questionnaire } from '../../src/questionnaire/questionnaire';
import { buildImpactNote, type NoteInput } from '../../src/report/impact-note';
import { renderDocx } from '../../src/report/render-docx';
import { loadRulesetById } from '../../src/rulesets/load-ruleset';
import { parseSample } from '../helpers/samples';

async function noteFor(
  answersFile: string | null,
  mode: 'a' | 'b',
): Promise<{ input: NoteInput; xml: string; docx: Buffer }> {
  const ruleset = loadRulesetById('dk-lovforslag');
  const doc = await parseSample('lovforslag-aendring.docx');
  const findings = detect(doc, ruleset);
  const loaded = answersFile
    ? readAnswersFile(
        readFileSync(path.join(projectRoot(), 'tests', 'fixtures', answersFile), 'utf8'),
        ruleset,
      )
    : { answers: { triggers: {}, questions: {} }, unconfirmed: ruleset.triggers.map((t) => t.id) };
  const state = questionnaire(ruleset, findings, loaded.answers, doc.kind);
  const input: NoteInput = {
    doc,
    ruleset,
    findings,
    state,
    answers: loaded.answers,
    unconfirmed: loaded.unconfirmed,
    meta: {
      ministry: 'Social- og Boligministeriet',
      caseNumber: '2026-1234',
      draftVersion: 'Høringsudkast 1',
      preparedBy: 'Anne Jurist',
    },
    mode,
    now: new Date('2026-11-24T12:00:00Z'),
  };
  const docx = await renderDocx(buildImpactNote(input), input.now);
  const zip = await JSZip.loadAsync(docx);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  return { input, xml, docx };
}

const textOf = (xml: string): string =>
  xml
    .replace(/<w:tab\/>/g, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"');

describe('the impact note (.docx) for the amending-bill sample', () => {
  it('has the headings, Part A text, provision quotes, ruleset version and real Word structure', async () => {
    const { xml } = await noteFor('answers-lovforslag-aendring.yaml', 'a');
    const text = textOf(xml);
    for (const heading of [
      'Resumé og relationel bundlinje',
      'Del A – tekst til lovforslagets almindelige bemærkninger (model a)',
      'Del B – relevansvurdering (trin 1)',
      'Del C – konsekvensvurdering (trin 2)',
      'Metode og sporbarhed',
      'Godkendelse',
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain(
      'Lovforslaget vurderes samlet at have blandede konsekvenser for borgernes muligheder for at indgå i og fastholde nære relationer og fællesskaber.',
    );
    expect(text).toContain(
      'lokalsamfund (§ 1, nr. 7, og § 1, nr. 11). Det vurderes at gøre det vanskeligere for beboere på plejecentre, der sammenlægges (ca. 2.400), deres ægtefæller og nære pårørende, for så vidt angår fastholdelse af relationer. Virkningen vurderes at være moderat, sandsynlig og varig.',
    );
    expect(text).toMatch(/§ 192 a, stk\. 3 \(§ 1, nr\. 11\) \(s\. 1\): »/);
    expect(text).toContain('dk-lovforslag@1.0.0');
    expect(text).toContain('24. november 2026');
    expect(xml).toContain('w:tblHeader');
    expect(xml).toMatch(/TOC \\h \\o/);
    expect(xml).toContain('w:pStyle w:val="Heading1"');
    expect(text).not.toContain('OBS: Notatet bygger på forslag');
  });

  it('says on its first page when stage 1 rests on unconfirmed suggestions', async () => {
    const { xml } = await noteFor(null, 'b');
    const text = textOf(xml);
    expect(text).toContain(
      'OBS: Notatet bygger på forslag, som ingen har bekræftet: 9 af 9 spørgsmål i trin 1',
    );
    expect(text.indexOf('OBS:')).toBeLessThan(text.indexOf('Resumé og relationel bundlinje'));
  });

  it('is reproducible with an injected clock', async () => {
    const a = await noteFor('answers-lovforslag-aendring.yaml', 'a');
    const b = await noteFor('answers-lovforslag-aendring.yaml', 'a');
    expect(a.xml).toBe(b.xml);
    expect(a.docx.equals(b.docx)).toBe(true);
    // Every zip entry carries the injected time, so renders seconds apart are identical too.
    const zip = await JSZip.loadAsync(a.docx);
    const stamps = new Set(
      Object.values(zip.files).map(
        (f) => `${f.date.getFullYear()}-${f.date.getMonth() + 1}-${f.date.getDate()}`,
      ),
    );
    expect([...stamps]).toEqual(['2026-11-24']);
    expect(Object.values(zip.files).some((f) => f.dir)).toBe(false);
  });

  it('mode (b) with nothing found writes the »Ingen« text and the proposed skema row', async () => {
    const ruleset = loadRulesetById('dk-lovforslag');
    const { input } = await noteFor('answers-lovforslag-aendring.yaml', 'b');
    const none = questionnaire(ruleset, input.findings, {
      triggers: Object.fromEntries(
        ruleset.triggers.map((t) => [t.id, { value: 'no' as const, note: 'Vurderet' }]),
      ),
      questions: {},
    });
    const note = buildImpactNote({
      ...input,
      state: none,
      answers: { triggers: {}, questions: {} },
      unconfirmed: [],
    });
    expect(note.partA.paragraphs.map((s) => s.text)).toEqual([
      'Lovforslaget vurderes ikke at have konsekvenser for borgernes muligheder for at indgå i og fastholde nære relationer og fællesskaber.',
    ]);
    expect(note.partA.skemaRow?.row).toEqual([
      'Konsekvenser for fællesskaber og nære relationer',
      'Ingen',
      'Ingen',
    ]);
    expect(note.partA.skemaRow?.heading[1]).toBe(
      'Positive konsekvenser/mindreudgifter (hvis ja, angiv omfang/Hvis nej, anfør »Ingen«)',
    );
    // The wording is the ruleset's (templates.none), so a policy expert can change it without code.
    expect(note.partA.paragraphs[0]?.origin).toEqual({ kind: 'template', key: 'none' });
    expect(note.partA.note).toMatch(
      /forudsætter en ændring af Justitsministeriets vejledning om lovkvalitet/,
    );
  });
});

describe('the note as HTML preview and JSON', () => {
  it('has the same content, escaped, with a language and no script', async () => {
    const { renderHtml } = await import('../../src/report/render-html');
    const { input } = await noteFor('answers-lovforslag-aendring.yaml', 'b');
    const note = buildImpactNote({
      ...input,
      doc: { ...input.doc, metadata: { ...input.doc.metadata, title: '<script>alert(1)</script> Lov' } },
    });
    const html = renderHtml(note);
    expect(html).toContain('<html lang="da">');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Lov');
    expect(html).toContain('Del A – tekst til lovforslagets almindelige bemærkninger (model b)');
    expect(html).toContain('<th scope="col">');
    const json = JSON.parse(JSON.stringify(note));
    expect(json.partA.paragraphs[1].origin).toEqual({ kind: 'answer', question: 'maintenance' });
  });

  it('network review adds draft committee questions built from the answers', async () => {
    const { input } = await noteFor('answers-lovforslag-aendring.yaml', 'a');
    const note = buildImpactNote({ ...input, variant: 'network' });
    expect(note.committeeQuestions?.map((q) => q.text)).toEqual([
      'Vil ministeren redegøre for, hvilke konsekvenser lovforslagets § 1, nr. 7, og § 1, nr. 11 vil have for beboere på plejecentre, der sammenlægges (ca. 2.400), deres ægtefæller og nære pårørende for så vidt angår fastholdelse af relationer, når ophævelsen af lokalgarantien betyder, at beboere kan skulle flytte længere væk fra familie og lokalsamfund, og hvad ministeren vil gøre for at afbøde eventuelle negative konsekvenser?',
      'Vil ministeren redegøre for, hvilke konsekvenser lovforslagets § 1, nr. 11 vil have for ægtefæller og samlevende på plejecentre (ca. 600) for så vidt angår brud og tab, når udvidelsen af parboliggarantien sikrer, at par ikke adskilles ved sammenlægning af plejecentre, og hvad ministeren vil gøre for at afbøde eventuelle negative konsekvenser?',
    ]);
  });
});
