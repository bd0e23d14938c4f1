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

/** Base of every expected business failure; the message tells the client what to fix. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
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
  constructor(message: string, reason: string, retryAfterSeconds: number) {
    super(ErrorCode.TOO_MANY_REQUESTS, message, { reason, retryable: true, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
  }
}
