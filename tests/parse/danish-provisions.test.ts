import type { Provision } from '../../src/domain/legal-document';
import { parse } from '../../src/parse/parse';
import { sourceOf } from '../helpers/source-of';

function find(nodes: Provision[], id: string): Provision | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const c = find(n.children, id);
    if (c) return c;
  }
  return undefined;
}

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
