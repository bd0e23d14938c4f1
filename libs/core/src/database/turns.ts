import { ConflictError } from '../errors/domain-error';

/** A request that has waited this long for its turn on a row is answered CONFLICT instead. */
export const TURN_WAIT_MS = 2000;
/** Nor does a request join a line this long: it would only wait to give up. */
export const MAX_IN_LINE = 10;

interface Line {
  tail: Promise<void>;
  length: number;
}

const lines = new Map<string, Line>();

/**
 * Runs `work` (a transaction that locks the row named by `key`) after the earlier work on
 * that key in this process has finished. Requests queued behind a row lock then wait
 * here, holding no pooled connection, instead of filling the pool with transactions that
 * wait on one lock while every other request waits for a connection. The lock itself stays
 * the arbiter between processes. A request that finds MAX_IN_LINE ahead of it, or that
 * waited TURN_WAIT_MS, gives up with a retryable CONFLICT.
 */
export async function inTurn<T>(key: string, work: () => Promise<T>, waitMs = TURN_WAIT_MS): Promise<T> {
  const line = lines.get(key) ?? { tail: Promise.resolve(), length: 0 };
  if (line.length >= MAX_IN_LINE) throw busy();
  lines.set(key, line);
  const before = line.tail;
  let leave!: () => void;
  line.tail = new Promise<void>((resolve) => (leave = resolve));
  line.length++;
  let gaveUp = false;
  try {
    const turn = await Promise.race([before.then(() => true), new Promise<false>((resolve) => setTimeout(resolve, waitMs, false).unref())]);
    if (!turn) {
      gaveUp = true;
      throw busy();
    }
    return await work();
  } finally {
    if (--line.length === 0) lines.delete(key);
    // Who gave up passes the turn on only once the work ahead of it is done.
    if (gaveUp) void before.then(leave);
    else leave();
  }
}

const busy = () => new ConflictError('Other changes to the same record are queued ahead of this one: try again in a moment', { retryable: true });
