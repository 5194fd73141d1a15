import type { Role } from '../domain/assessment';

/** What a role may do. Deny by default: an action not listed for a role is forbidden. */
export type Action =
  | 'assessment:read'
  | 'assessment:write'
  /** Approve, return or publish an assessment someone else prepared. */
  | 'assessment:approve'
  /** Delete an assessment with everything it holds. */
  | 'assessment:delete'
  | 'users:manage'
  | 'organisations:manage';

const GRANTS: Record<Role, readonly Action[]> = {
  admin: ['assessment:read', 'assessment:write', 'assessment:approve', 'assessment:delete', 'users:manage'],
  author: ['assessment:read', 'assessment:write'],
  reviewer: ['assessment:read'],
  approver: ['assessment:read', 'assessment:approve'],
};

export function can(role: Role, action: Action, isHostOrganisation = false): boolean {
  if (action === 'organisations:manage') return role === 'admin' && isHostOrganisation;
  return GRANTS[role].includes(action);
}
