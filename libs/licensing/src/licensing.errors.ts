// The engine's errors and the lifecycle's refusals, mapped once to the API's coded errors.
import { BadInputError, ConflictError, ForbiddenError } from '@app/core';
import {
  ClauseOverrideError, TemplateRenderError, checkDefinition, formatPath, type ForkViolation, type TemplateDefinition,
} from './engine';
import { LicenceVersionStatus } from './licence-template.entities';

/** Variable and override problems become BAD_USER_INPUT listing every problem at once. */
export function renderInputError(e: unknown): unknown {
  if (e instanceof TemplateRenderError) {
    if (e.code === 'TEMPLATE_LOCALE_MISSING') return BadInputError.field('locale', e.message);
    return new BadInputError(e.problems.map((p) => ({ field: `variables.${p.path ?? p.variable}`, message: p.problem })));
  }
  if (e instanceof ClauseOverrideError) {
    return new BadInputError(e.problems.map((p) => ({ field: `overrides.${p.clauseId}`, message: `clause '${p.clauseId}' ${p.reason}` })));
  }
  return e;
}

/** A change the fork policy forbids: nothing is saved and the message names the clause. */
export function forkPolicyError(violations: ForkViolation[]): ForbiddenError {
  const messages = violations.map((v) => v.message.charAt(0).toUpperCase() + v.message.slice(1));
  const error = new ForbiddenError(`${messages.join('; ')}. Nothing was saved.`);
  Object.assign(error.details, { clauseId: violations.find((v) => v.clauseId)?.clauseId ?? null, violations });
  return error;
}

/** Every problem of an edited definition, as BAD_USER_INPUT naming the path in the template. */
export function assertValidDefinition(def: TemplateDefinition): void {
  const { problems } = checkDefinition(def);
  if (problems.length) {
    throw new BadInputError(problems.map((p) => ({ field: `definition.${formatPath(p.path) || 'template'}`, message: p.message })));
  }
}

const ALLOWED_MOVES: Record<LicenceVersionStatus, string> = {
  DRAFT: 'edit it, or submit it for review (submitLicenceForReview)',
  IN_REVIEW: 'publish it (publishLicenceVersion), with a second LEGAL member\'s approval when your organisation has several',
  PUBLISHED: 'deprecate it (deprecateLicenceVersion), or edit it, which starts a new draft version',
  DEPRECATED: 'none: a deprecated version is final (edit a published version to start a new draft)',
};

/** An illegal lifecycle move: CONFLICT naming the current state and the allowed moves. */
export function illegalMove(label: string, status: LicenceVersionStatus, attempted: string): ConflictError {
  return new ConflictError(`${label} is ${status}: it cannot be ${attempted}. Allowed from ${status}: ${ALLOWED_MOVES[status]}`, { status });
}
