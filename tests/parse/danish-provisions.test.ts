import { findById } from '../../src/domain/provision-tree';
import { parse } from '../../src/parse/parse';
import { sourceOf } from '../helpers/source-of';

const find = findById;

const ACT = [
  'Lov om lokale mødesteder',
  '',
  'Kapitel 1',
  'Formål',
  '',
  '§ 1. Loven skal fremme fællesskaber. Stk. 2. Loven gælder for alle kommuner.',
  '§ 2. Kommunalbestyrelsen skal sikre følgende: 1) et mødested i hvert sogn, 2) åbningstider om aftenen, herunder a) hverdage og b) weekender, og 3) tilgængelighed, jf. stk. 2, nr. 1).',
  'Stk. 2. Mødestedet skal være tilgængeligt for personer med handicap.',
  '§ 2 a. Ministeren kan fastsætte regler.',
  '§§ 3-5. (Ophævet)',
  '',
  'Kapitel 2',
  'Ikrafttræden',
  '',
  '§ 6. Loven træder i kraft den 1. juli 2026.',
].join('\n');

describe('Danish provisions', () => {
  const doc = parse(sourceOf(ACT));

  it('finds chapters with headings and sections inside them', () => {
    expect(doc.kind).toBe('dk-act');
    const chapters = doc.body.filter((n) => n.kind === 'chapter');
    expect(chapters.map((c) => [c.label, c.heading])).toEqual([
      ['Kapitel 1', 'Formål'],
      ['Kapitel 2', 'Ikrafttræden'],
    ]);
    expect(chapters[0]?.children.map((s) => s.label)).toEqual(['§ 1', '§ 2', '§ 2 a', '§§ 3-5']);
  });

  it('splits inline subsections, with an implicit stk. 1', () => {
    expect(find(doc.body, 'p1')?.children.map((c) => c.label)).toEqual(['§ 1, stk. 1', '§ 1, stk. 2']);
    expect(doc.text.slice(find(doc.body, 'p1/stk2')?.start, find(doc.body, 'p1/stk2')?.end)).toMatch(
      /^Stk\. 2\. Loven gælder for alle kommuner\.\n$/,
    );
  });

  it('finds inline points and litra but not references such as "nr. 1)"', () => {
    const stk1 = find(doc.body, 'p2/stk1');
    expect(stk1?.children.map((c) => c.label)).toEqual([
      '§ 2, stk. 1, nr. 1',
      '§ 2, stk. 1, nr. 2',
      '§ 2, stk. 1, nr. 3',
    ]);
    expect(find(doc.body, 'p2/stk1/nr2')?.children.map((c) => c.label)).toEqual([
      '§ 2, stk. 1, nr. 2, litra a',
      '§ 2, stk. 1, nr. 2, litra b',
    ]);
  });

  it('reads the commencement date', () => {
    expect(doc.metadata.commencement).toMatchObject({ nodeId: 'p6', iso: '2026-07-01' });
  });

  it('keeps ids stable when a chapter is inserted before a section', () => {
    const moved = parse(
      sourceOf(ACT.replace('Kapitel 2\nIkrafttræden', 'Kapitel 1 a\nNyt\n\nKapitel 2\nIkrafttræden')),
    );
    expect(find(moved.body, 'p6')?.label).toBe('§ 6');
  });
});

describe('general remarks from Word heading styles (automatic numbering not in the text)', () => {
  it('numbers the headings as Word shows them and finds the consequence sections', async () => {
    const { ingest } = await import('../../src/ingest/ingest');
    const html = `<html><body><p>Forslag</p><p>til</p><p>Lov om ændring af lov om social service</p>
      <p>§ 1</p><p>I lov om social service, jf. lovbekendtgørelse nr. 170 af 24. januar 2024, foretages følgende ændring:</p>
      <p>1. § 109 ophæves.</p><p>§ 2</p><p>Loven træder i kraft den 1. juli 2026.</p>
      <h1>Bemærkninger til lovforslaget</h1><h2>Almindelige bemærkninger</h2>
      <h3>Indledning</h3><p>Tekst.</p><h3>Lovforslagets hovedpunkter</h3><h4>Gældende ret</h4><p>Tekst.</p><h4>Den foreslåede ordning</h4><p>Tekst.</p>
      <h3>Administrative konsekvenser for borgerne</h3><p>Ingen.</p><h2>Specielle bemærkninger</h2><h3>Til § 1</h3><p>Tekst.</p></body></html>`;
    const doc = parse(await ingest(Buffer.from(html)));
    const general = find(doc.body, 'bem/alm');
    expect(general?.children.map((c) => [c.label, c.heading])).toEqual([
      ['Almindelige bemærkninger, pkt. 1', 'Indledning'],
      ['Almindelige bemærkninger, pkt. 2', 'Lovforslagets hovedpunkter'],
      ['Almindelige bemærkninger, pkt. 3', 'Administrative konsekvenser for borgerne'],
    ]);
    expect(find(doc.body, 'bem/alm/2')?.children.map((c) => c.label)).toEqual([
      'Almindelige bemærkninger, pkt. 2.1',
      'Almindelige bemærkninger, pkt. 2.2',
    ]);
    expect(doc.consequenceSections).toEqual([
      {
        topic: 'administrative-citizens',
        nodeId: 'bem/alm/3',
        heading: 'Administrative konsekvenser for borgerne',
      },
    ]);
  });
});
