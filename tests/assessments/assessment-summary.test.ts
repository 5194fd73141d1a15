import type { Workspace } from '../../src/assessments/assessment-service';
import { summariseAssessment } from '../../src/assessments/assessment-summary';
import type { DocumentVersion } from '../../src/domain/assessment';
import type { Finding, Findings } from '../../src/domain/findings';
import type { QuestionnaireState } from '../../src/questionnaire/questionnaire';

function finding(kind: Finding['kind'], theme: string, score: number): Finding {
  return { kind, theme, title: theme, score, rules: [], evidence: [], initiatives: [] };
}

const DOCUMENT: DocumentVersion = {
  id: 'd2',
  assessmentId: 'a',
  number: 2,
  fileName: 'udkast-2.docx',
  size: 10,
  sha256: 'x',
  status: 'done',
  progress: 'done',
  originalExpiresAt: '2027-01-01T00:00:00.000Z',
  hasOriginal: true,
  createdBy: 'u',
  createdAt: '2026-05-01T09:00:00.000Z',
  finishedAt: '2026-05-01T09:00:05.000Z',
};

/** Only what the summary reads: the questionnaire state, the findings and the document versions. */
function workspace(opts: {
  relevance?: QuestionnaireState['relevance'];
  bottomLine?: QuestionnaireState['outcome']['bottomLine'];
  findings?: Finding[];
  firstProcessedAt?: string;
  processed?: boolean;
}): Workspace {
  const findings = { findings: opts.findings ?? [] } as unknown as Findings;
  const state = {
    relevance: opts.relevance ?? 'relevant',
    outcome: { bottomLine: opts.bottomLine ?? 'not-assessed' },
  } as unknown as QuestionnaireState;
  const ws = { document: DOCUMENT } as unknown as Workspace;
  if (opts.processed !== false) {
    ws.state = state;
    ws.analysis = { doc: {}, findings } as unknown as NonNullable<Workspace['analysis']>;
  }
  if (opts.firstProcessedAt) ws.firstProcessedAt = opts.firstProcessedAt;
  return ws;
}

describe('summariseAssessment', () => {
  it('is undefined until the document has been processed', () => {
    expect(summariseAssessment(workspace({ processed: false }))).toBeUndefined();
  });

  it('takes relevance and the bottom line from the questionnaire state', () => {
    const s = summariseAssessment(workspace({ relevance: 'not-relevant', bottomLine: 'none' }));
    expect(s).toMatchObject({ relevance: 'not-relevant', bottomLine: 'none' });
    expect(summariseAssessment(workspace({ bottomLine: 'negative' }))?.bottomLine).toBe('negative');
  });

  it('lists the themes found, strongest first, once each, without risk groups or transitions', () => {
    const findings = [
      finding('theme', 'relocation', 2),
      finding('risk-group', 'older-people', 9),
      finding('theme', 'meeting-places', 5),
      finding('transition', 'retirement', 7),
      finding('theme', 'relocation', 1),
    ];
    const s = summariseAssessment(workspace({ findings }));
    expect(s?.themes).toEqual(['meeting-places', 'relocation']);
    // The cached findings are not reordered.
    expect(findings.map((f) => f.theme)).toEqual([
      'relocation',
      'older-people',
      'meeting-places',
      'retirement',
      'relocation',
    ]);
  });

  it('no themes found: an empty list', () => {
    expect(summariseAssessment(workspace({ findings: [] }))?.themes).toEqual([]);
  });

  it('is screened when the first document version was processed, not the current one', () => {
    const s = summariseAssessment(workspace({ firstProcessedAt: '2025-12-31T23:30:00.000Z' }));
    expect(s?.screenedAt).toBe('2025-12-31T23:30:00.000Z');
  });

  it('with only the current version known, its processing time', () => {
    expect(summariseAssessment(workspace({}))?.screenedAt).toBe(DOCUMENT.finishedAt);
  });
});
