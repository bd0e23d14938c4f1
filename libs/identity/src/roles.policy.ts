import { BadInputError, ForbiddenError, Role, type Actor } from '@app/core';
import { isBuyerKind, isProducerKind } from './organization-kind';

/** Which roles make sense in which kind of organisation. */
export function allowedRoles(kind: string): Role[] {
  if (isProducerKind(kind)) return [Role.ADMIN, Role.PUBLISHER, Role.LEGAL, Role.SIGNER, Role.FINANCE];
  if (isBuyerKind(kind)) return [Role.ADMIN, Role.BUYER, Role.LEGAL, Role.SIGNER, Role.FINANCE];
  return [Role.ADMIN, Role.LEGAL, Role.FINANCE];
}

export function assertRolesAllowed(kind: string, roles: Role[], field = 'roles'): void {
  const allowed = allowedRoles(kind);
  const bad = roles.filter((r) => !allowed.includes(r));
  if (bad.length) {
    throw BadInputError.field(field, `${bad.join(', ')} cannot be held in a ${kind} organisation; allowed: ${allowed.join(', ')}`);
  }
}

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.some((r) => actor.roles.includes(r))) {
    throw new ForbiddenError(`This operation needs one of the roles ${roles.join(', ')} in your organisation; you have ${actor.roles.join(', ') || 'none'}`);
  }
}
