import { isReadOnly, nextStatus, signOffProblem, type SignOffAction } from '../../src/assessments/sign-off';
import type { AssessmentStatus, Member, Role } from '../../src/domain/assessment';

const member = (id: string, role: Role): Member => ({
  id,
  email: `${id}@x.dk`,
  name: id,
  role,
  organisation: { id: 'org', name: 'Org', kind: 'ministry', isHost: false },
});

const prepared = (status: AssessmentStatus) => ({
  status,
  createdBy: 'anna',
  signOff:
    status === 'draft' ? {} : { submittedBy: { id: 'anna', name: 'anna', at: '2026-11-24T10:00:00Z' } },
});

describe('sign-off rules', () => {
  // [who, role, status, action, allowed]
  const cases: [string, Role, AssessmentStatus, SignOffAction, boolean][] = [
    ['anna', 'author', 'draft', 'submit', true],
    ['rita', 'reviewer', 'draft', 'submit', false],
    ['paul', 'approver', 'draft', 'submit', false],
    ['anna', 'author', 'draft', 'approve', false],
    ['paul', 'approver', 'draft', 'approve', false],
    ['anna', 'author', 'in-review', 'approve', false], // her own
    ['anna', 'admin', 'in-review', 'approve', false], // her own, even as admin
    ['paul', 'approver', 'in-review', 'approve', true],
    ['adam', 'admin', 'in-review', 'approve', true],
    ['bent', 'author', 'in-review', 'approve', false], // an author is no approver
    ['anna', 'author', 'in-review', 'return', true], // withdraws her own submission
    ['bent', 'author', 'in-review', 'return', false],
    ['paul', 'approver', 'in-review', 'return', true],
    ['paul', 'approver', 'in-review', 'publish', false],
    ['paul', 'approver', 'approved', 'publish', true],
    ['anna', 'author', 'approved', 'publish', false],
    ['paul', 'approver', 'approved', 'approve', false],
    ['paul', 'approver', 'published', 'return', false],
    ['anna', 'author', 'approved', 'submit', false],
  ];
  test.each(cases)('%s (%s) on a %s assessment: %s → %s', (who, role, status, action, allowed) => {
    const problem = signOffProblem(member(who, role), prepared(status), action);
    expect(problem === undefined).toBe(allowed);
    if (problem) expect(problem.da.length).toBeGreaterThan(10);
  });

  it('names the self-approval problem plainly', () => {
    expect(signOffProblem(member('anna', 'admin'), prepared('in-review'), 'approve')?.da).toContain(
      'selv har udarbejdet',
    );
  });

  it('moves draft → in-review → approved → published, and back to draft on return', () => {
    expect(['submit', 'approve', 'publish', 'return'].map((a) => nextStatus(a as SignOffAction))).toEqual([
      'in-review',
      'approved',
      'published',
      'draft',
    ]);
    expect(
      ['draft', 'in-review', 'approved', 'published'].map((s) =>
        isReadOnly({ status: s as AssessmentStatus }),
      ),
    ).toEqual([false, false, true, true]);
  });
});
