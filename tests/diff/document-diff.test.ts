import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { detect } from '../../src/detect/detect';
import {
  diffDocuments,
  evidenceStatus,
  isEmptyDiff,
  staleEvidence,
  type Change,
  type ChangeSet,
  type DocumentDiff,
} from '../../src/diff/document-diff';
import { excerptPair, stripNumber } from '../../src/diff/text-compare';
import type { Evidence } from '../../src/domain/findings';
import type { LegalDocument } from '../../src/domain/legal-document';
import { allNodes } from '../../src/domain/provision-tree';
import { ingest } from '../../src/ingest/ingest';
import { parse } from '../../src/parse/parse';
import { projectRoot } from '../../src/project-root';
import { chooseRuleset } from '../../src/rulesets/choose-ruleset';
import { parseSample, sampleBytes } from '../helpers/samples';
import { sourceOf } from '../helpers/source-of';

const DRAFTS = path.join(projectRoot(), 'tests', 'fixtures', 'drafts');

async function parseDraft(name: string): Promise<LegalDocument> {
  return parse(await ingest(readFileSync(path.join(DRAFTS, name)), { fileName: name }));
}

const fromText = (text: string): LegalDocument => parse(sourceOf(text));
/** As an upload of the text would be read (ingest cleans line-end hyphenation and the like). */
const fromUpload = async (text: string): Promise<LegalDocument> =>
  parse(await ingest(Buffer.from(text, 'utf8'), { fileName: 'draft.txt' }));

/** `before → after` labels of a change list, for compact expectations. */
const moves = (changes: Change[]): string[] =>
  changes.map((c) => `${c.beforeLabel ?? '∅'} → ${c.afterLabel ?? '∅'}`);
const labels = (changes: Change[]): string[] => changes.map((c) => c.label);
const counts = (s: ChangeSet): number[] => [s.added.length, s.removed.length, s.changed.length];

let docx: LegalDocument;
let v1: LegalDocument;
let v2: LegalDocument;
let nyLov: LegalDocument;
let nyLovText: string;

beforeAll(async () => {
  docx = await parseSample('lovforslag-aendring.docx');
  v1 = await parseDraft('lovforslag-aendring-v1.txt');
  v2 = await parseDraft('lovforslag-aendring-v2.txt');
  nyLovText = sampleBytes('lovforslag-ny-lov.txt').toString('utf8');
  nyLov = await parseSample('lovforslag-ny-lov.txt');
});

describe('the draft fixtures', () => {
  it('v1 is the docx sample as text and parses into the same structure', () => {
    expect(v1.text).toBe(docx.text);
    expect(v1.kind).toBe('dk-bill');
    expect(allNodes(v1.body).map((n) => `${n.id} ${n.label}`)).toEqual(
      allNodes(docx.body).map((n) => `${n.id} ${n.label}`),
    );
    expect(v1.amendments.map((a) => `${a.label} ${a.operation} ${a.target}`)).toEqual(
      docx.amendments.map((a) => `${a.label} ${a.operation} ${a.target}`),
    );
    expect(v1.quality.classifiedShare).toBe(1);
  });

  it('v2 has one item more in § 1 and one fewer in § 2, numbered without gaps', () => {
    expect(v2.kind).toBe('dk-bill');
    expect(v2.amendments.map((a) => a.label)).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `§ 1, nr. ${i + 1}`),
      '§ 2, nr. 1',
      '§ 2, nr. 2',
      '§ 3, nr. 1',
    ]);
    expect(v2.quality.classifiedShare).toBe(1);
  });
});

describe('diffDocuments', () => {
  it('v1 against itself: nothing added, removed, changed or renumbered', () => {
    const diff = diffDocuments(v1, v1);
    expect(isEmptyDiff(diff)).toBe(true);
    expect(diff.provisions.renumbered).toEqual([]);
    expect(diff.amendments.renumbered).toEqual([]);
    expect(diff.unchanged).toBeGreaterThan(v1.amendments.length);
    expect(Object.values(diff.fates).every((f) => f.status === 'unchanged')).toBe(true);
    // Every node of the draft has a fate.
    expect(Object.keys(diff.fates).sort()).toEqual(
      allNodes(v1.body)
        .map((n) => n.id)
        .sort(),
    );
  });

  it('the docx and its text copy are the same draft', () => {
    expect(isEmptyDiff(diffDocuments(docx, v1))).toBe(true);
  });

  describe('v1 → v2', () => {
    let diff: DocumentDiff;
    beforeAll(() => {
      diff = diffDocuments(v1, v2);
    });

    it('lists exactly the added, the changed and the removed amendment item', () => {
      expect(counts(diff.amendments)).toEqual([1, 1, 1]);
      const [added] = diff.amendments.added;
      expect(added).toMatchObject({
        label: '§ 1, nr. 4',
        afterId: 'p1/nr4',
        operation: 'insert',
        target: '§ 84',
      });
      expect(added?.beforeId).toBeUndefined();
      expect(added?.after).toContain('§ 84 a. Kommunalbestyrelsen skal tilbyde en pårørende');

      const [removed] = diff.amendments.removed;
      expect(removed).toMatchObject({
        label: '§ 2, nr. 1',
        beforeId: 'p2/nr1',
        operation: 'replace-text',
        target: '§ 54, stk. 3',
        targetAct: 'lov om almene boliger m.v.',
      });
      expect(removed?.before).toBe('I § 54, stk. 3, ændres »§ 59, stk. 1« til »§ 59, stk. 1 og 2«.');

      const [changed] = diff.amendments.changed;
      expect(changed).toMatchObject({
        label: '§ 1, nr. 12',
        beforeLabel: '§ 1, nr. 11',
        afterLabel: '§ 1, nr. 12',
        beforeId: 'p1/nr11',
        afterId: 'p1/nr12',
        target: '§ 192 a',
      });
      expect(changed?.before).toContain('senest 3 måneder før flytningen');
      expect(changed?.after).toContain('senest 6 måneder før flytningen');
      expect(changed?.similarity).toBeGreaterThan(0.9);
    });

    it('reports the items that only got a new number as renumbered, not changed', () => {
      expect(moves(diff.amendments.renumbered)).toEqual([
        '§ 1, nr. 4 → § 1, nr. 5',
        '§ 1, nr. 5 → § 1, nr. 6',
        '§ 1, nr. 6 → § 1, nr. 7',
        '§ 1, nr. 7 → § 1, nr. 8',
        '§ 1, nr. 8 → § 1, nr. 9',
        '§ 1, nr. 9 → § 1, nr. 10',
        '§ 1, nr. 10 → § 1, nr. 11',
        '§ 2, nr. 2 → § 2, nr. 1',
        '§ 2, nr. 3 → § 2, nr. 2',
      ]);
      const changedIds = diff.amendments.changed.map((c) => c.beforeId);
      for (const r of diff.amendments.renumbered) expect(changedIds).not.toContain(r.beforeId);
    });

    it.each([
      ['§ 1, nr. 1', 'unchanged', 'p1/nr1'],
      ['§ 1, nr. 3', 'unchanged', 'p1/nr3'],
      ['§ 1, nr. 4', 'renumbered', 'p1/nr5'],
      ['§ 85, stk. 3 (§ 1, nr. 4)', 'renumbered', 'p1/nr5/stk3'],
      ['§ 117, stk. 2, nr. 3 (§ 1, nr. 10)', 'renumbered', 'p1/nr11/p117/stk2/nr3'],
      ['§ 1, nr. 11', 'changed', 'p1/nr12'],
      ['§ 192 a, stk. 3 (§ 1, nr. 11)', 'changed', 'p1/nr12/stk3'],
      ['§ 2, nr. 1', 'removed', undefined],
      ['§ 3, nr. 1', 'unchanged', 'p3/nr1'],
      // Cross-references updated to the new numbers only: "denne lovs § 1, nr. 11" → "nr. 12".
      ['§ 4, stk. 2', 'unchanged', 'p4/stk2'],
      ['§ 4, stk. 4', 'unchanged', 'p4/stk4'],
      // The comparison table's "7. § 109 ophæves." → "8. § 109 ophæves.".
      ['Bilag 1', 'unchanged', 'bilag1'],
      ['Bemærkninger til § 1, nr. 9', 'renumbered', 'bem/spec/p1/nr10'],
      ['Bemærkninger til § 1, nr. 11', 'changed', 'bem/spec/p1/nr12'],
      ['Bemærkninger til § 2, nr. 1', 'removed', undefined],
    ])('the fate of %s is %s (now %s)', (label, status, afterId) => {
      const fate = Object.values(diff.fates).find((f) => f.label === label);
      expect(fate?.status).toBe(status);
      expect(fate?.afterId).toBe(afterId);
    });

    it('lists the remarks that follow the items, and nothing else, among the provisions', () => {
      expect(labels(diff.provisions.added)).toEqual(['Bemærkninger til § 1, nr. 4']);
      expect(labels(diff.provisions.removed)).toEqual(['Bemærkninger til § 2, nr. 1']);
      expect(labels(diff.provisions.changed)).toEqual([
        'Almindelige bemærkninger, pkt. 2.1.3',
        'Bemærkninger til § 1, nr. 12',
      ]);
      expect(diff.provisions.changed[1]?.beforeLabel).toBe('Bemærkninger til § 1, nr. 11');
      expect(diff.provisions.changed.every((c) => /3 måneder/.test(c.before ?? ''))).toBe(true);
      expect(diff.provisions.changed.every((c) => /6 måneder/.test(c.after ?? ''))).toBe(true);
      expect(moves(diff.provisions.renumbered)).toContain(
        'Bemærkninger til § 1, nr. 4 → Bemærkninger til § 1, nr. 5',
      );
    });

    it('is the mirror image of v2 → v1', () => {
      const back = diffDocuments(v2, v1);
      expect(labels(back.amendments.removed)).toEqual(['§ 1, nr. 4']);
      expect(labels(back.amendments.added)).toEqual(['§ 2, nr. 1']);
      expect(moves(back.amendments.changed)).toEqual(['§ 1, nr. 12 → § 1, nr. 11']);
      expect(back.unchanged).toBe(diff.unchanged);
    });
  });

  it.each([
    ['doubled spaces between words', (t: string) => t.replace(/(\p{L}) (\p{L})/gu, '$1  $2')],
    ['trailing spaces and tabs on every line', (t: string) => t.replace(/\n/g, ' \t\n')],
    ['no-break spaces between words', (t: string) => t.replace(/(\p{L}) (\p{L})/gu, '$1\u00a0$2')],
    ['a blank line after every line', (t: string) => t.replace(/\n/g, '\n\n')],
  ])('ignores whitespace-only differences: %s', (_name, edit) => {
    for (const text of [v1.text, nyLovText]) {
      const before = fromText(text);
      const after = fromText(edit(text));
      expect(after.text).not.toBe(before.text);
      expect(allNodes(after.body).map((n) => n.label)).toEqual(allNodes(before.body).map((n) => n.label));
      const diff = diffDocuments(before, after);
      expect(isEmptyDiff(diff)).toBe(true);
      expect(diff.provisions.renumbered).toEqual([]);
    }
  });

  describe('a new-act bill (lovforslag-ny-lov.txt)', () => {
    const edits: [
      string,
      (t: string) => string,
      { added: string[]; removed: string[]; changed: string[] },
    ][] = [
      [
        'a deadline changed in § 6, stk. 2',
        (t) =>
          t.replace('Høringsfristen skal være mindst 6 uger.', 'Høringsfristen skal være mindst 8 uger.'),
        { added: [], removed: [], changed: ['§ 6, stk. 2'] },
      ],
      [
        'a word changed in § 4, stk. 2, nr. 3, litra b',
        (t) => t.replace('har en demokratisk opbygget ledelse', 'har en valgt ledelse'),
        { added: [], removed: [], changed: ['§ 4, stk. 2, nr. 3, litra b'] },
      ],
      [
        'the chapter heading of Kapitel 3 reworded',
        (t) => t.replace('Lukning og sammenlægning af fællesskabshuse', 'Lukning af fællesskabshuse'),
        { added: [], removed: [], changed: ['Kapitel 3'] },
      ],
      [
        '§ 5, stk. 3 deleted',
        (t) => t.replace('Stk. 3. Planen offentliggøres på kommunens hjemmeside.\n', ''),
        { added: [], removed: ['§ 5, stk. 3'], changed: [] },
      ],
      [
        'a new stk. 2 in § 6 (stk. 2–3 become stk. 3–4)',
        (t) =>
          t
            .replace(
              'Stk. 3. Kommunalbestyrelsen skal i beslutningen',
              'Stk. 4. Kommunalbestyrelsen skal i beslutningen',
            )
            .replace(
              'Stk. 2. Høringsfristen skal være mindst 6 uger.',
              'Stk. 2. Høringen skal omfatte et offentligt møde i lokalområdet.\nStk. 3. Høringsfristen skal være mindst 6 uger.',
            ),
        { added: ['§ 6, stk. 2'], removed: [], changed: [] },
      ],
    ];

    it.each(edits)('%s', async (_name, edit, expected) => {
      const edited = edit(nyLovText);
      expect(edited).not.toBe(nyLovText);
      const diff = diffDocuments(nyLov, await fromUpload(edited));
      expect({
        added: labels(diff.provisions.added),
        removed: labels(diff.provisions.removed),
        changed: labels(diff.provisions.changed),
      }).toEqual(expected);
      expect(counts(diff.amendments)).toEqual([0, 0, 0]);
    });

    it('shows the changed words of a changed provision', async () => {
      const diff = diffDocuments(
        nyLov,
        await fromUpload(
          nyLovText.replace(
            'Høringsfristen skal være mindst 6 uger.',
            'Høringsfristen skal være mindst 8 uger.',
          ),
        ),
      );
      expect(diff.provisions.changed[0]).toMatchObject({
        kind: 'subsection',
        beforeId: 'p6/stk2',
        afterId: 'p6/stk2',
        before: 'Høringsfristen skal være mindst 6 uger.',
        after: 'Høringsfristen skal være mindst 8 uger.',
      });
    });

    it('a § inserted in the middle renumbers the rest without changing them', async () => {
      // § 4–12 become § 5–13, and every reference to them follows, as a second draft would do.
      const bump = (n: string): string => {
        const [digits, letter] = n.split(' ');
        const v = Number(digits);
        return `${v >= 4 ? v + 1 : v}${letter ? ` ${letter}` : ''}`;
      };
      const renumbered = nyLovText
        .replace(/§ (\d+(?: a\b)?)/g, (_m, n: string) => `§ ${bump(n)}`)
        .replace('§§ 7, 7 og 7 a', '§§ 7, 8 og 8 a')
        .replace(
          '§ 5. Kommunalbestyrelsen kan stille lokaler',
          '§ 4. Kommunalbestyrelsen skal sikre, at fællesskabshusene er tilgængelige for personer med handicap.\n' +
            '§ 5. Kommunalbestyrelsen kan stille lokaler',
        );
      const after = await fromUpload(renumbered);
      expect(after.body.flatMap((n) => n.children).filter((n) => n.kind === 'section').length).toBe(14);
      const diff = diffDocuments(nyLov, after);
      expect(labels(diff.provisions.added)).toEqual(['§ 4']);
      expect(diff.provisions.removed).toEqual([]);
      expect(diff.provisions.changed).toEqual([]);
      expect(moves(diff.provisions.renumbered)).toEqual(
        expect.arrayContaining([
          '§ 4 → § 5',
          '§ 7 a → § 8 a',
          '§ 12 → § 13',
          'Bemærkninger til § 7 a → Bemærkninger til § 8 a',
        ]),
      );
      // § 8 ("tilskud efter § 4, stk. 2") and § 11, stk. 3 ("§§ 6, 7 og 7 a") cite renumbered §§ only.
      expect(diff.fates['p8']).toMatchObject({ status: 'renumbered', afterId: 'p9' });
      expect(diff.fates['p11/stk3']).toMatchObject({ status: 'unchanged', afterId: 'p12/stk3' });
    });
  });

  it('does not pair items of different acts, and pairs a rewritten item acting on the same provision', () => {
    const rewritten = v1.text.replace(
      '7. § 109 ophæves.',
      '7. I § 109 indsættes efter »plejeboligbebyggelse«: », herunder i landdistrikterne«.',
    );
    const diff = diffDocuments(v1, fromText(rewritten));
    expect(moves(diff.amendments.changed)).toEqual(['§ 1, nr. 7 → § 1, nr. 7']);
    expect(counts(diff.amendments)).toEqual([0, 0, 1]);

    // "§ 109 ophæves." moved from § 1 (lov om social service) to § 2 (lov om almene boliger m.v.).
    const moved = fromText(
      v1.text
        .replace('\n7. § 109 ophæves.', '')
        .replace(
          /\n(\d+)\. (I § 110|§§ 117|Efter § 116|I § 192 a)/g,
          (_m, n: string, rest: string) => `\n${Number(n) - 1}. ${rest}`,
        )
        .replace(
          '\n§ 3\nI lov om aktiv socialpolitik',
          '\n4. § 109 ophæves.\n§ 3\nI lov om aktiv socialpolitik',
        ),
    );
    const d2 = diffDocuments(v1, moved);
    // The same words in another act's section are another item.
    expect(labels(d2.amendments.removed)).toEqual(['§ 1, nr. 7']);
    expect(d2.amendments.added.map((c) => [c.label, c.targetAct])).toEqual([
      ['§ 2, nr. 4', 'lov om almene boliger m.v.'],
    ]);
    expect(moves(d2.amendments.renumbered)).toEqual([
      '§ 1, nr. 8 → § 1, nr. 7',
      '§ 1, nr. 9 → § 1, nr. 8',
      '§ 1, nr. 10 → § 1, nr. 9',
      '§ 1, nr. 11 → § 1, nr. 10',
    ]);
  });
});

describe('staleEvidence', () => {
  it('returns the evidence in changed and removed items and provisions only', () => {
    const diff = diffDocuments(v1, v2);
    const ev = (nodeId: string): Pick<Evidence, 'nodeId' | 'label'> => ({
      nodeId,
      label: allNodes(v1.body).find((n) => n.id === nodeId)?.label ?? nodeId,
    });
    const evidence = [
      ev('p1/nr3/p83b/stk2'), // unchanged item 3
      ev('p1/nr4/stk3'), // item 4, renumbered to 5
      ev('p1/nr11'), // changed item
      ev('p1/nr11/stk3'), // inside the changed item
      ev('p2/nr1'), // removed item
      ev('p2/nr2/p54d/stk1'), // item renumbered to § 2, nr. 1
      ev('p4/stk2'), // cross-references renumbered
      ev('bem/alm/2.1.3'), // changed remark
      ev('bem/spec/p2/nr1'), // removed remark
      ev('bem/spec/p1/nr4'), // renumbered remark
      ev('no/such/node'),
    ];
    expect(staleEvidence(diff, evidence).map((e) => e.nodeId)).toEqual([
      'p1/nr11',
      'p1/nr11/stk3',
      'p2/nr1',
      'bem/alm/2.1.3',
      'bem/spec/p2/nr1',
      'no/such/node',
    ]);
    expect(evidenceStatus(diff, ev('p1/nr4/stk3'))).toBe('renumbered');
    expect(evidenceStatus(diff, ev('no/such/node'))).toBe('unknown');
    expect(evidenceStatus(diff, { nodeId: 'constructor' })).toBe('unknown');
  });

  it('marks for re-check exactly the screening evidence of v1 that lies in what v2 changed or removed', () => {
    const found = detect(v1, chooseRuleset(v1));
    const evidence = [
      ...found.findings.flatMap((f) => f.evidence),
      ...found.triggers.flatMap((t) => t.evidence),
    ];
    expect(evidence.length).toBeGreaterThan(10);
    const diff = diffDocuments(v1, v2);
    const stale = new Set(staleEvidence(diff, evidence));
    const touched = new Set(
      Object.entries(diff.fates)
        .filter(([, f]) => f.status === 'changed' || f.status === 'removed')
        .map(([id]) => id),
    );
    for (const e of evidence) expect([e.nodeId, stale.has(e)]).toEqual([e.nodeId, touched.has(e.nodeId)]);
    // The couples-kept-together evidence in the changed item is among them; the digital visitation of item 3 is not.
    expect([...stale].some((e) => e.label.endsWith('(§ 1, nr. 11)') || e.label === '§ 1, nr. 11')).toBe(true);
    expect([...stale].some((e) => e.label.endsWith('(§ 1, nr. 3)'))).toBe(false);
    expect(staleEvidence(diffDocuments(v1, v1), evidence)).toEqual([]);
  });
});

describe('text helpers', () => {
  it.each([
    ['§ 4. Kommunalbestyrelsen kan', '4', ' Kommunalbestyrelsen kan'],
    ['§ 7 a. En forening', '7 a', ' En forening'],
    ['Stk. 2. Høringsfristen', '2', ' Høringsfristen'],
    ['3) foreninger, der', '3', ' foreninger, der'],
    ['(a) take all', 'a', ' take all'],
    ['Til nr. 12\nDet følger', '12', '\nDet følger'],
    ['2.1.3. Den foreslåede ordning', '2.1.3', ' Den foreslåede ordning'],
    ['Loven træder i kraft den 1. juli', '1', 'Loven træder i kraft den 1. juli'],
    ['10. Efter § 116', '1', '10. Efter § 116'],
  ])('stripNumber(%j, %j)', (text, number, expected) => {
    expect(stripNumber(text, number)).toBe(expected);
  });

  it('excerptPair shows the words around the difference', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    const b = [...words];
    b[20] = 'X';
    const e = excerptPair(words.join(' '), b.join('\n'));
    expect(e.before).toBe('…w14 w15 w16 w17 w18 w19 w20 w21 w22 w23 w24 w25 w26…');
    expect(e.after).toBe('…w14 w15 w16 w17 w18 w19 X w21 w22 w23 w24 w25 w26…');
  });
});

describe('properties', () => {
  const SAMPLES = [
    'lovforslag-aendring.docx',
    'lovforslag-ny-lov.txt',
    'lovforslag-som-fremsat.html',
    'uk-bill.txt',
    'kommune-politik.md',
    'kommune-dagsordenspunkt.docx',
  ];
  let docs: LegalDocument[];
  beforeAll(async () => {
    docs = [...(await Promise.all(SAMPLES.map((s) => parseSample(s)))), v1, v2];
  });

  it('diff(x, x) is empty for every parsed sample', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SAMPLES.length + 1 }), (i) => {
        const doc = docs[i] as LegalDocument;
        const diff = diffDocuments(doc, doc);
        return (
          isEmptyDiff(diff) &&
          diff.provisions.renumbered.length === 0 &&
          diff.amendments.renumbered.length === 0
        );
      }),
      { numRuns: 40 },
    );
  });

  /** A sample's text with some lines deleted, duplicated or reworded: drafts that differ in structure. */
  const editedDraft = fc
    .record({
      doc: fc.integer({ min: 0, max: SAMPLES.length + 1 }),
      edits: fc.array(
        fc.record({
          op: fc.constantFrom('delete', 'duplicate', 'reword'),
          at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        }),
        { maxLength: 4 },
      ),
    })
    .map(({ doc, edits }) => {
      const lines = (docs[doc] as LegalDocument).text.split('\n');
      for (const { op, at } of edits) {
        const i = Math.floor(at * lines.length);
        if (op === 'delete') lines.splice(i, 1);
        else if (op === 'duplicate') lines.splice(i, 0, lines[i] ?? '');
        else lines[i] = (lines[i] ?? '').replace(/\p{L}+/u, 'ændret');
      }
      return { doc, text: lines.join('\n') };
    });

  it('diff(a, b) mirrors diff(b, a): what one adds the other removes', () => {
    fc.assert(
      fc.property(editedDraft, fc.boolean(), ({ doc, text }, againstOther) => {
        const a = againstOther
          ? (docs[(doc + 1) % docs.length] as LegalDocument)
          : (docs[doc] as LegalDocument);
        const b = fromText(text);
        const ab = diffDocuments(a, b);
        const ba = diffDocuments(b, a);
        for (const unit of ['provisions', 'amendments'] as const) {
          expect(ab[unit].added.length).toBe(ba[unit].removed.length);
          expect(ab[unit].removed.length).toBe(ba[unit].added.length);
          expect(ab[unit].changed.length).toBe(ba[unit].changed.length);
        }
        expect(ab.unchanged).toBe(ba.unchanged);
      }),
      { numRuns: 60 },
    );
  });
});
