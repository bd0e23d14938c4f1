import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode, databaseErrorAsDomainError, domainErrorExtensions, redactError } from '@app/core';
import { bodyRefusal, refusalBody } from './request-body';

const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, CONFLICT: 409, SERVICE_UNAVAILABLE: 503, TOO_MANY_REQUESTS: 429,
};

/** Same error contract on plain HTTP routes (JSON-LD, downloads) as on GraphQL. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(thrown: unknown, host: ArgumentsHost) {
    if (host.getType<string>() === 'graphql') throw thrown;
    const res = host.switchToHttp().getResponse();
    const req = host.switchToHttp().getRequest<{ originalUrl: string }>();
    // Body parsers applied as Nest middleware (the PDF of POST /agreements/verify) end here.
    const refusal = bodyRefusal(thrown, req.originalUrl);
    if (refusal) return res.status(refusal.status).json(refusalBody(req.originalUrl, refusal));
    const error = databaseErrorAsDomainError(thrown) ?? thrown;
    if (error instanceof DomainError) {
      const retryAfter = error.details.retryAfterSeconds;
      if (typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
      const { code, ...rest } = domainErrorExtensions(error);
      return res.status(STATUS[error.code]).json({ error: { code, message: error.message, ...rest } });
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const code = status === 404 ? 'NOT_FOUND' : status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN'
        : status === 503 ? 'UNAVAILABLE' : status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT';
      const body = error.getResponse() as { message?: string | string[] };
      const message = Array.isArray(body?.message) ? body.message.join('; ') : (body?.message ?? error.message);
      return res.status(status).json({ error: { code, message } });
    }
    const reference = randomUUID();
    this.logger.error({ err: redactError(error), reference }, 'unexpected error on an HTTP route');
    return res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: `Internal error (reference ${reference})` } });
  }
}
