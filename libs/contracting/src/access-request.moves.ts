// Persisting one planned move of the state machine: the locked row, the new state, the
// history entry and the audit entry, in the caller's transaction.
import { Actor, AuditService, BadInputError, ConflictError, DomainError, ForbiddenError, NotFoundError } from '@app/core';
import { EntityManager } from 'typeorm';
import { AccessRequestEntity, AccessRequestEventEntity } from './contracting.entities';
import { allowedTransitions, type AccessRequestState, type NegotiationSide, type PlannedTransition, type RefusedTransition } from './negotiation';

/** Locks a request for a transition; a caller that is neither party cannot tell it exists. */
export async function lockRequest(m: EntityManager, actor: Actor | null, id: string): Promise<AccessRequestEntity> {
  const r = await m.findOne(AccessRequestEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!r || (actor && r.buyerId !== actor.organizationId && r.producerId !== actor.organizationId)) throw new NotFoundError('AccessRequest', id);
  return r;
}

/** The caller's side in a request it is a party to. */
export function sideOf(actor: Actor, r: { buyerId: string; producerId: string }): 'BUYER' | 'PRODUCER' {
  return actor.organizationId === r.buyerId ? 'BUYER' : 'PRODUCER';
}

/** A refusal of the state machine as the API's coded error; a CONFLICT lists the moves the caller itself may make now. */
export function refusalError(plan: RefusedTransition, state: AccessRequestState, side: NegotiationSide = 'PLATFORM', roles: readonly string[] = []): DomainError {
  if (plan.code === 'CONFLICT') return new ConflictError(plan.message, { state, allowedTransitions: allowedTransitions(state, side, roles) });
  if (plan.code === 'FORBIDDEN') return new ForbiddenError(plan.message);
  return BadInputError.field(/\bnote\b|reason/.test(plan.message) ? 'note' : 'transition', plan.message);
}

/** Applies a planned move to the locked request and records it in its history and the audit log. */
export async function applyMove(
  m: EntityManager, audit: AuditService, r: AccessRequestEntity, plan: PlannedTransition, actor: Actor | null, side: NegotiationSide, note: string | null,
): Promise<void> {
  r.state = plan.to;
  r.version += 1;
  await m.save(r);
  const trimmed = note?.trim() || null;
  await m.insert(AccessRequestEventEntity, {
    requestId: r.id, transition: plan.transition, fromState: plan.from, toState: plan.to, side, note: trimmed,
    actorUserId: actor?.userId ?? null, actorApiKeyId: actor?.apiKeyId ?? null, organizationId: side === 'PLATFORM' ? null : (actor?.organizationId ?? null),
  });
  await audit.record(m, actor, `access_request.${plan.transition}`, 'AccessRequest', r.id, { number: r.number, from: plan.from, to: plan.to, note: trimmed });
}
