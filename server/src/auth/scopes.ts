import type { Scope } from '../db';
import type { Principal } from './types';

export const SCOPES = [
  'images:read',
  'images:write',
  'images:delete',
  'admin',
] as const satisfies readonly Scope[];

/** `admin` implies every other scope. */
export function hasScope(principal: Principal, scope: Scope): boolean {
  if (principal.kind === 'anonymous') return false;
  return principal.scopes.includes('admin') || principal.scopes.includes(scope);
}
