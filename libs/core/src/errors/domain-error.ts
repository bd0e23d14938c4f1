/** The stable codes a client sees in `extensions.code`. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  /** overloaded or the database unreachable: retry after `retryAfterSeconds` */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** too many attempts (sign-ins, reset requests): retry after `retryAfterSeconds`; `reason` says which limit */
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
}

export interface FieldProblem {
  field: string;
  message: string;
}

const reasonOwners = new Map<string, string>();

/**
 * Declares the reasons (`extensions.reason`) of one library: a string enum whose values are
 * its keys, e.g. `enum PricingReason { TARIFF_NOT_IN_EFFECT = 'TARIFF_NOT_IN_EFFECT' }`.
 * A reason is stable (clients branch on it) and belongs to one library.
 */
export function declareErrorReasons<E extends Record<string, string>>(library: string, reasons: E): E {
  for (const [key, reason] of Object.entries(reasons)) {
    if (key !== reason || !/^[A-Z][A-Z_]*$/.test(reason)) throw new Error(`Error reason ${key} of ${library} must be an UPPER_SNAKE name equal to its value`);
    const owner = reasonOwners.get(reason);
    if (owner && owner !== library) throw new Error(`Error reason ${reason} is declared by ${owner} and by ${library}`);
    reasonOwners.set(reason, library);
  }
  return reasons;
}

/** Every declared reason and the library that declares it. */
export function declaredErrorReasons(): { reason: string; library: string }[] {
  return [...reasonOwners].map(([reason, library]) => ({ reason, library }));
}

/** Base of every expected business failure; the message tells the client what to fix. */
export class DomainError extends Error {
  /** Which case of `code` this is, where a client must tell cases apart (declared with declareErrorReasons). */
  reason: string | null = null;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** Sets `extensions.reason`; `reason` is a value of a declared reasons enum. */
  because(reason: string): this {
    if (!reasonOwners.has(reason)) throw new Error(`Error reason ${reason} is not declared: declare it with declareErrorReasons in its library`);
    this.reason = reason;
    return this;
  }
}

/** What a client reads beside the message, on GraphQL (`extensions`) and HTTP (`error`): the code, the reason when there is one, the details. */
export function domainErrorExtensions(error: DomainError): Record<string, unknown> {
  return { code: error.code, ...error.details, ...(error.reason ? { reason: error.reason } : {}) };
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication required: send "Authorization: Bearer <API key or session token>"') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.FORBIDDEN, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id: string) {
    super(ErrorCode.NOT_FOUND, `${entity} "${id}" was not found or is not visible to your organisation`, { entity, id });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.CONFLICT, message, details);
  }
}

/** Invalid input; lists every problem with the field it concerns. */
export class BadInputError extends DomainError {
  constructor(readonly problems: FieldProblem[]) {
    super(
      ErrorCode.BAD_USER_INPUT,
      problems.map((p) => `${p.field}: ${p.message}`).join('; '),
      { fields: problems },
    );
  }

  static field(field: string, message: string): BadInputError {
    return new BadInputError([{ field, message }]);
  }
}

/** A limit on attempts was reached; the same answer whether or not the account exists. */
export class TooManyRequestsError extends DomainError {
  constructor(message: string, retryAfterSeconds: number) {
    super(ErrorCode.TOO_MANY_REQUESTS, message, { retryable: true, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
  }
}
