import type { Role } from '../domain/assessment';

/** What a role may do. Deny by default: an action not listed for a role is forbidden. */
export type Action = 'assessment:read' | 'assessment:write' | 'users:manage' | 'organisations:manage';

const GRANTS: Record<Role, readonly Action[]> = {
  admin: ['assessment:read', 'assessment:write', 'users:manage'],
  author: ['assessment:read', 'assessment:write'],
  reviewer: ['assessment:read'],
};

export function can(role: Role, action: Action, isHostOrganisation = false): boolean {
  if (action === 'organisations:manage') return role === 'admin' && isHostOrganisation;
  return GRANTS[role].includes(action);
}
