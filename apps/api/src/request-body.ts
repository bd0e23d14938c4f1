/**
 * Request bodies: the largest JSON body accepted, and the answer when a body cannot be read.
 * JSON bodies carry GraphQL requests; the largest of those is verifyAgreement's PDF in
 * base64, up to 7 MB of PDF (POST /agreements/verify reads larger ones raw).
 */
export const JSON_BODY_LIMIT = 10 * 1024 * 1024;

export interface BodyRefusal {
  status: number;
  code: 'PAYLOAD_TOO_LARGE' | 'BAD_REQUEST';
  message: string;
}

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
const isGraphql = (path: string) => path === '/graphql' || path.startsWith('/graphql?');

/**
 * What to tell a client whose body a parser (body-parser, through express) refused; null for
 * any other error. Those errors carry `status` and `expose` (http-errors), and most a `type`.
 */
export function bodyRefusal(error: unknown, path: string): BodyRefusal | null {
  const e = error as { type?: unknown; status?: unknown; expose?: unknown; limit?: unknown; message?: unknown; code?: unknown };
  if (!e || typeof e.status !== 'number' || e.expose !== true || e.status < 400 || e.status >= 500) return null;
  if (typeof e.code === 'string' && e.code.startsWith('Z_')) {
    return { status: 400, code: 'BAD_REQUEST', message: 'The body could not be decompressed: send it uncompressed, or compressed whole with gzip, deflate or br' };
  }
  switch (e.type) {
    case 'entity.too.large': {
      const limit = typeof e.limit === 'number' ? megabytes(e.limit) : 'the limit';
      const hint = isGraphql(path) ? 'send less; a larger PDF to verify goes to POST /agreements/verify' : 'send a smaller file';
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${limit}: ${hint}` };
    }
    case 'entity.parse.failed':
      return { status: 400, code: 'BAD_REQUEST', message: `The body is not valid JSON (${String(e.message)}): send a JSON object such as {"query": "{ __typename }"}` };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'BAD_REQUEST', message: `The body cannot be read (${String(e.message)}): send UTF-8, uncompressed or compressed with gzip, deflate or br` };
    case 'request.size.invalid':
      return { status: 400, code: 'BAD_REQUEST', message: 'The body is not as long as its Content-Length header says: send the header that matches the body' };
    default:
      return { status: e.status, code: 'BAD_REQUEST', message: `The request body could not be read (${String(e.message)})` };
  }
}

/** A refusal in the shape each client reads: GraphQL errors on /graphql, { error } elsewhere. */
export function refusalBody(path: string, refusal: BodyRefusal) {
  return isGraphql(path)
    ? { errors: [{ message: refusal.message, extensions: { code: refusal.code } }] }
    : { error: { code: refusal.code, message: refusal.message } };
}

type Res = { status(code: number): { json(body: unknown): void } };

/** Express error handler placed right after the JSON parser, so its refusals never reach Nest as errors. */
export function answerBodyErrors(error: unknown, req: { originalUrl: string }, res: Res, next: (e: unknown) => void) {
  const refusal = bodyRefusal(error, req.originalUrl);
  if (!refusal) return next(error);
  res.status(refusal.status).json(refusalBody(req.originalUrl, refusal));
}
