import path from 'node:path';
import type { Answers, QuestionAnswer } from '../../src/domain/assessment';
import { detect } from '../../src/detect/detect';
import { parse } from '../../src/parse/parse';
import { projectRoot } from '../../src/project-root';
import { questionnaire } from '../../src/questionnaire/questionnaire';
import { loadRuleset } from '../../src/rulesets/load-ruleset';
import { sourceOf } from '../helpers/source-of';

const mini = loadRuleset(path.join(projectRoot(), 'tests', 'fixtures', 'rulesets', 'mini'));
const BILL =
  '§ 1. Kommunalbestyrelsen kan beslutte lukning af kommunens bibliotek i landdistrikterne.\nStk. 2. Samværsretten berøres ikke af afstanden.';
const findings = detect(parse(sourceOf(BILL)), mini);
const none: Answers = { triggers: {}, questions: {} };
const full = (over: Partial<QuestionAnswer> = {}): QuestionAnswer => ({
  affected: 'yes',
  direction: 'negative',
  magnitude: 2,
  likelihood: 'likely',
  mechanism: { text: 'Længere afstand til biblioteket', provisions: ['§ 1, stk. 1'] },
  ...over,
});

describe('questionnaire: stage 1 pre-filled from findings', () => {
  it('suggests, confirms and changes triggers, and "unknown" asks for evidence', () => {
    const suggested = questionnaire(mini, findings, none);
    const place = suggested.triggers.find((t) => t.trigger === 'place');
    expect(place).toMatchObject({ suggestion: 'yes', value: 'yes', status: 'suggested' });
    expect(place?.evidence[0]?.label).toBe('§ 1, stk. 1');
    const answered = questionnaire(mini, findings, {
      triggers: { place: { value: 'yes' }, contact: { value: 'unknown' } },
      questions: {},
    });
    expect(answered.triggers.find((t) => t.trigger === 'place')?.status).toBe('confirmed');
    expect(answered.triggers.find((t) => t.trigger === 'contact')).toMatchObject({
      status: 'changed',
      value: 'unknown',
      needsEvidence: true,
    });
    const noted = questionnaire(mini, findings, {
      triggers: { contact: { value: 'unknown', note: 'Afventer tal fra Familieretshuset' } },
      questions: {},
    });
    expect(noted.triggers.find((t) => t.trigger === 'contact')?.needsEvidence).toBe(false);
  });
});

describe('questionnaire: visibility, stale answers, validation', () => {
  it.each([
    ['relevant, contact yes', { place: 'yes', contact: 'yes' }, ['maintenance', 'separation-loss']],
    ['relevant, contact unknown', { place: 'yes', contact: 'unknown' }, ['maintenance', 'separation-loss']],
    ['relevant, contact no', { place: 'yes', contact: 'no', 'risk-groups': 'no' }, ['maintenance']],
    ['not relevant', { place: 'no', contact: 'no', 'risk-groups': 'no' }, []],
  ] as const)('%s → %j', (_name, values, expected) => {
    const answers: Answers = {
      triggers: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])),
      questions: {},
    };
    expect(questionnaire(mini, findings, answers).visible.map((v) => v.question.id)).toEqual(expected);
  });

  it('says why a question is asked', () => {
    const s = questionnaire(mini, findings, { triggers: { contact: { value: 'yes' } }, questions: {} });
    expect(s.visible.find((v) => v.question.id === 'separation-loss')?.why).toEqual([
      'relevance = relevant (eq relevant: opfyldt)',
      'triggers.contact = yes (in ["yes","unknown"]: opfyldt)',
    ]);
  });

  it('keeps an answer a change has made irrelevant, and marks it stale', () => {
    const answers: Answers = {
      triggers: { contact: { value: 'no' } },
      questions: { 'separation-loss': full() },
    };
    const s = questionnaire(mini, findings, answers);
    expect(s.stale).toEqual(['separation-loss']);
    expect(answers.questions['separation-loss']).toBeDefined();
  });

  it('gives specific Danish errors for an incomplete answer and points "next" at it', () => {
    const s = questionnaire(mini, findings, {
      triggers: {},
      questions: { maintenance: { affected: 'yes' } },
    });
    const v = s.visible.find((x) => x.question.id === 'maintenance');
    expect(v?.errors).toEqual([
      'Fastholdelse: angiv retning (positiv, negativ, blandet eller uklar)',
      'Fastholdelse: angiv omfang (0–3)',
      'Fastholdelse: angiv sandsynlighed',
      'Fastholdelse: beskriv mekanismen og hvilke bestemmelser der virker',
    ]);
    expect(s.next).toBe('maintenance');
  });
});

describe('questionnaire: outcome', () => {
  const yes = { place: { value: 'yes' as const }, contact: { value: 'yes' as const } };
  it.each([
    [
      'none: not relevant',
      {
        place: { value: 'no' as const },
        contact: { value: 'no' as const },
        'risk-groups': { value: 'no' as const },
      },
      {},
      'none',
      false,
    ],
    ['not assessed: questions open', yes, { maintenance: full() }, 'not-assessed', true],
    [
      'not assessed: an answer is "unknown"',
      yes,
      { maintenance: full(), 'separation-loss': { affected: 'unknown' as const, note: 'mangler data' } },
      'not-assessed',
      true,
    ],
    [
      'none: nobody affected',
      yes,
      { maintenance: { affected: 'no' as const }, 'separation-loss': { affected: 'no' as const } },
      'none',
      false,
    ],
    ['negative', yes, { maintenance: full(), 'separation-loss': full({ magnitude: 1 }) }, 'negative', true],
    [
      'positive',
      yes,
      { maintenance: full({ direction: 'positive' }), 'separation-loss': { affected: 'no' as const } },
      'positive',
      true,
    ],
    [
      'mixed',
      yes,
      { maintenance: full({ direction: 'positive' }), 'separation-loss': full() },
      'mixed',
      true,
    ],
    [
      'not material below the thresholds',
      yes,
      { maintenance: full({ magnitude: 1 }), 'separation-loss': full({ likelihood: 'possible' }) },
      'negative',
      false,
    ],
  ] as const)('%s', (_name, triggers, questions, bottomLine, material) => {
    const s = questionnaire(mini, findings, { triggers, questions } as Answers);
    expect(s.outcome.bottomLine).toBe(bottomLine);
    expect(s.outcome.material).toBe(material);
  });

  it('lets materiality be overridden with a recorded reason', () => {
    const s = questionnaire(mini, findings, {
      triggers: { place: { value: 'yes' } },
      questions: { maintenance: full({ magnitude: 1 }) },
      materialityOverride: {
        material: true,
        reason: 'Rammer de ældste borgere i tre landsbyer',
        by: 'jurist',
      },
    });
    expect(s.outcome).toMatchObject({
      material: true,
      materialBy: 'override',
      materialReason: 'Rammer de ældste borgere i tre landsbyer',
    });
  });
});
