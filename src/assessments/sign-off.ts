import { can } from '../auth/permissions';
import type { Assessment, AssessmentStatus, Member } from '../domain/assessment';

/** The moves of sign-off. A checklist of who may do what from which state; nothing else moves an assessment. */
export type SignOffAction = 'submit' | 'return' | 'approve' | 'publish';

export const SIGN_OFF_ACTIONS: readonly SignOffAction[] = ['submit', 'return', 'approve', 'publish'];

const MOVES: Record<SignOffAction, { from: AssessmentStatus; to: AssessmentStatus }> = {
  submit: { from: 'draft', to: 'in-review' },
  return: { from: 'in-review', to: 'draft' },
  approve: { from: 'in-review', to: 'approved' },
  publish: { from: 'approved', to: 'published' },
};

export const STATUS_NAMES: Record<AssessmentStatus, { da: string; en: string }> = {
  draft: { da: 'kladde', en: 'draft' },
  'in-review': { da: 'til godkendelse', en: 'in review' },
  approved: { da: 'godkendt', en: 'approved' },
  published: { da: 'offentliggjort', en: 'published' },
};

export function nextStatus(action: SignOffAction): AssessmentStatus {
  return MOVES[action].to;
}

/** Approved and published assessments are records: they are not edited, a new version is started from them. */
export function isReadOnly(a: Pick<Assessment, 'status'>): boolean {
  return a.status === 'approved' || a.status === 'published';
}

/** Why `member` may not take `action` on `a` now (Danish and English), or undefined when they may. */
export function signOffProblem(
  member: Member,
  a: Pick<Assessment, 'status' | 'createdBy' | 'signOff'>,
  action: SignOffAction,
): { da: string; en: string } | undefined {
  const move = MOVES[action];
  if (a.status !== move.from)
    return {
      da: `Vurderingen er ${STATUS_NAMES[a.status].da}; det kan kun gøres, når den er ${STATUS_NAMES[move.from].da}.`,
      en: `The assessment is ${STATUS_NAMES[a.status].en}; this can only be done when it is ${STATUS_NAMES[move.from].en}.`,
    };
  const approver = can(member.role, 'assessment:approve');
  if (action === 'submit' && !can(member.role, 'assessment:write'))
    return {
      da: 'Kun en sagsbehandler eller administrator kan sende vurderingen til godkendelse.',
      en: 'Only an author or administrator can send the assessment for approval.',
    };
  if (action === 'return' && !approver && a.signOff.submittedBy?.id !== member.id)
    return {
      da: 'Kun den, der sendte vurderingen til godkendelse, eller en godkender kan sende den tilbage.',
      en: 'Only the person who sent it for approval, or an approver, can send it back.',
    };
  if ((action === 'approve' || action === 'publish') && !approver)
    return {
      da: 'Kun en godkender eller administrator kan godkende og offentliggøre.',
      en: 'Only an approver or administrator can approve and publish.',
    };
  if (action === 'approve' && (a.createdBy === member.id || a.signOff.submittedBy?.id === member.id))
    return {
      da: 'Du kan ikke godkende en vurdering, du selv har udarbejdet eller sendt til godkendelse. En anden skal godkende den.',
      en: 'You cannot approve an assessment you prepared or sent for approval yourself. Someone else must approve it.',
    };
  return undefined;
}
