import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { databaseErrorAsDomainError, redactError } from './database-errors';
import { DomainError, ErrorCode, domainErrorExtensions } from './domain-error';

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

/** Codes that GraphQL itself produces and that we pass through or translate. */
const VALIDATION_CODES = new Set(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED']);

/**
 * Apollo's own refusals of a request (code BAD_REQUEST), reworded where its text does not
 * say what to send instead; others keep Apollo's text, which does.
 */
const BAD_REQUEST_MESSAGES: [RegExp, string][] = [
  [/^This operation has been blocked as a potential Cross-Site Request Forgery[\s\S]*/,
    'This request was refused as a possible cross-site request forgery: send it with "Content-Type: application/json" (or, for a GET, with a non-empty "apollo-require-preflight" header)'],
  [/^Operation batching disabled[\s\S]*/, 'Batched operations are not accepted: send one operation per request, a JSON object rather than an array'],
  [/^POST body missing, invalid Content-Type, or JSON object has no keys[\s\S]*/,
    'The request has no GraphQL operation: send a JSON object such as {"query": "{ __typename }"} with "Content-Type: application/json"'],
  [/^GraphQL operations must contain a non-empty `query`[\s\S]*/, 'The request has no query: send {"query": "…"} (persisted queries are not supported)'],
  [/^GET requests only support query operations, not (\w+) operations[\s\S]*/, 'A $1 cannot be sent with GET: send it with POST'],
  [/^Apollo Server supports only GET\/POST requests[\s\S]*/, 'GraphQL requests are sent with POST (or GET for a query)'],
];

function badRequestMessage(message: string): string {
  for (const [pattern, replacement] of BAD_REQUEST_MESSAGES) {
    if (pattern.test(message)) return message.replace(pattern, replacement);
  }
  return message.trim();
}

type Logger = { error: (obj: object, msg: string) => void };

export interface ErrorFormatOptions {
  /** Keep graphql-js's "Did you mean …?" (the names of fields, types and values near a typo). */
  suggestions: boolean;
}

const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * Maps every error once to a stable `extensions.code` and a message that says what to
 * fix. Unexpected errors are logged with a reference and never shown to the client.
 */
export function createErrorFormatter(logger: Logger, options: ErrorFormatOptions) {
  const format = formatter(logger);
  if (options.suggestions) return format;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const out = format(formatted, error);
    return { ...out, message: out.message.replace(SUGGESTION, '') };
  };
}

function formatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const thrown = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const original = databaseErrorAsDomainError(thrown) ?? thrown;
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

    if (original instanceof DomainError) {
      return { ...base, message: original.message, extensions: domainErrorExtensions(original) };
    }
    // Nest's ValidationPipe and guards throw HttpExceptions with a response body.
    const http = original as { getStatus?: () => number; getResponse?: () => unknown };
    if (typeof http?.getStatus === 'function') {
      const status = http.getStatus();
      const response = http.getResponse?.() as { message?: unknown } | string | undefined;
      const messages = typeof response === 'object' && response && Array.isArray(response.message)
        ? (response.message as string[])
        : [typeof response === 'string' ? response : String((response as { message?: unknown })?.message ?? formatted.message)];
      const code = status === 401 ? ErrorCode.UNAUTHENTICATED : status === 403 ? ErrorCode.FORBIDDEN
        : status === 404 ? ErrorCode.NOT_FOUND : status === 409 ? ErrorCode.CONFLICT : ErrorCode.BAD_USER_INPUT;
      if (status < 500) return { ...base, message: messages.join('; '), extensions: { code } };
    }
    const code = formatted.extensions?.code as string | undefined;
    if (code && VALIDATION_CODES.has(code)) {
      // Unknown enum values, missing required fields, wrong types: the client's input.
      return { ...base, extensions: { code: code === 'GRAPHQL_PARSE_FAILED' ? code : ErrorCode.BAD_USER_INPUT } };
    }
    if (code === 'BAD_REQUEST') return { ...base, message: badRequestMessage(formatted.message), extensions: { code } };
    if (code === 'OPERATION_RESOLUTION_FAILURE' && /^Unknown operation named/.test(formatted.message)) {
      return { ...base, message: `${formatted.message.replace(/\.$/, '')}: operationName must name one of the operations of the query`, extensions: { code } };
    }
    if (code === 'PERSISTED_QUERY_NOT_FOUND' || code === 'PERSISTED_QUERY_NOT_SUPPORTED' || code === 'OPERATION_RESOLUTION_FAILURE') {
      return { ...base, extensions: { code } };
    }
    const reference = randomUUID();
    logger.error({ err: redactError(original), reference }, 'unexpected error while resolving a GraphQL operation');
    return {
      message: `Internal error (reference ${reference}); the team has been notified`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', reference },
    };
  };
}
