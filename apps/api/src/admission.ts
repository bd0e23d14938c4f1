import { IncomingMessage, ServerResponse } from 'node:http';

export interface AdmissionLimits {
  /** GraphQL operations a process runs at once; more wait their turn */
  maxConcurrent: number;
  /** operations allowed to wait; beyond, 503 with Retry-After */
  maxQueued: number;
}

/**
 * Admission control for /graphql: a process runs at most `maxConcurrent` operations at
 * once (more would only wait for a database connection while taking event-loop time), and
 * queues the others before any parsing. A burst then costs queue slots, not latency for
 * everyone: /health and the running operations keep answering.
 */
export function admission({ maxConcurrent, maxQueued }: AdmissionLimits) {
  let active = 0;
  const queue: (() => void)[] = [];
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (!req.url?.startsWith('/graphql')) return next();
    const start = () => {
      active++;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        active--;
        queue.shift()?.();
      };
      res.once('finish', release);
      res.once('close', release);
      next();
    };
    if (active < maxConcurrent) return start();
    if (queue.length >= maxQueued) {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
      return res.end(JSON.stringify({ errors: [{ message: 'The server is busy: try again in a moment', extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true, retryAfterSeconds: 1 } }] }));
    }
    queue.push(start);
  };
}
