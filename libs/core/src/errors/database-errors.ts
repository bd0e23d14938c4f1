import { ConflictError, DomainError, ErrorCode } from './domain-error';

/** What a client is told when a unique constraint refuses a row: the input field and what to do. */
export interface ConstraintMessage {
  field: string;
  message: string;
}

const constraintMessages = new Map<string, ConstraintMessage>();

/**
 * Names the input field behind a unique constraint (by its PostgreSQL name), for the
 * libraries that own the tables; unnamed constraints get a generic message naming the column.
 */
export function describeUniqueConstraints(messages: Record<string, ConstraintMessage>): void {
  for (const [name, message] of Object.entries(messages)) constraintMessages.set(name, message);
}

export class ServiceUnavailableError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.SERVICE_UNAVAILABLE, message, { retryable: true, retryAfterSeconds: 1 });
  }
}

interface PgErrorFields {
  code?: string;
  constraint?: string;
  table?: string;
  detail?: string;
  message?: string;
}

/** The PostgreSQL fields of a driver error, whether TypeORM wrapped it or not. */
function pgFields(error: unknown): PgErrorFields | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as PgErrorFields & { driverError?: PgErrorFields };
  return e.driverError && typeof e.driverError === 'object' ? { ...e.driverError, message: e.message } : e;
}

const RETRY = { retryable: true };
const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The coded error a database failure means for the client, or null when it is a defect
 * (logged as an internal error). Races (a unique value taken at the same moment, a row
 * deleted meanwhile, a serialisation failure or a lock wait that timed out) are CONFLICT;
 * an exhausted pool or a statement that ran too long is SERVICE_UNAVAILABLE. Messages never
 * carry the values involved.
 */
export function databaseErrorAsDomainError(error: unknown): DomainError | null {
  const e = pgFields(error);
  if (!e) return null;
  switch (e.code) {
    case '23505': {
      const known = e.constraint ? constraintMessages.get(e.constraint) : undefined;
      if (known) return new ConflictError(known.message, { field: known.field });
      const columns = (/Key \(([^)]+)\)=/.exec(e.detail ?? '')?.[1]?.split(', ') ?? []).filter((c) => /^[a-z_][a-z0-9_]*$/.test(c));
      const what = columns.length ? columns.map(camel).join(', ') : 'value';
      return new ConflictError(`Another ${e.table ?? 'record'} already has this ${what}: choose another one (it may have been taken at the same moment)`, {
        ...(columns.length === 1 ? { field: camel(columns[0]) } : {}),
      });
    }
    case '23503':
      return new ConflictError(`Something this change refers to was removed or is still in use (${e.table ?? 'a related record'}): reload and try again`, RETRY);
    case '40001':
    case '40P01':
      return new ConflictError('Another change to the same data ran at the same moment: try again', RETRY);
    case '55P03':
      return new ConflictError('Another change to the same data is still in progress: try again in a moment', RETRY);
    case '57014':
      return new ServiceUnavailableError('The database took too long to answer and the operation was cancelled: try again shortly');
    case '25P03':
    case '57P01':
    case '57P02':
    case '57P03':
    case '53300':
      return new ServiceUnavailableError('The database is unavailable or restarting: try again shortly');
  }
  // pg-pool's own messages: no connection free in time, or the server did not answer.
  if (/timeout exceeded when trying to connect|Connection terminated due to connection timeout/.test(e.message ?? '')) {
    return new ServiceUnavailableError('The server is busy: no database connection became free in time; try again shortly');
  }
  if (/ECONNREFUSED|Connection terminated unexpectedly/.test(e.message ?? '') || (error as { code?: string }).code === 'ECONNREFUSED') {
    return new ServiceUnavailableError('The database is unavailable: try again shortly');
  }
  return null;
}

const LOGGED_FIELDS = ['code', 'constraint', 'table', 'column', 'routine'] as const;

/**
 * An error as it may be logged: message, stack and PostgreSQL diagnostics, but never the
 * query's parameters (password hashes, tokens, personal data) nor the values in `detail`.
 */
export function redactError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const out: Record<string, unknown> = { type: error.name, message: error.message, stack: error.stack };
  const e = pgFields(error) as Record<string, unknown>;
  for (const k of LOGGED_FIELDS) if (e[k] !== undefined) out[k] = e[k];
  const query = (error as { query?: unknown }).query;
  if (typeof query === 'string') out.query = query.slice(0, 500);
  return out;
}
