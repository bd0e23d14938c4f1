import { ErrorCode } from '../errors/domain-error';
import { MAX_IN_LINE, inTurn } from './turns';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('inTurn', () => {
  it('runs the work on one key one after the other, in arrival order; other keys do not wait', async () => {
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await tick(ms);
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([inTurn('a', job('a1', 20)), inTurn('a', job('a2', 1)), inTurn('b', job('b1', 1)), inTurn('a', job('a3', 1))]);
    expect(results).toEqual(['a1', 'a2', 'b1', 'a3']);
    expect(log.filter((l) => l.startsWith('a'))).toEqual(['a1 start', 'a1 end', 'a2 start', 'a2 end', 'a3 start', 'a3 end']);
    expect(log.indexOf('b1 end')).toBeLessThan(log.indexOf('a1 end'));
  });

  it('passes the turn on after a failed work', async () => {
    const failing = inTurn('c', async () => {
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    await expect(inTurn('c', async () => 'next')).resolves.toBe('next');
  });

  it('a request that waited too long answers a retryable CONFLICT, and the one behind it still waits for the running work', async () => {
    let running = true;
    const first = inTurn('d', async () => {
      await tick(60);
      running = false;
    });
    const impatient = inTurn('d', async () => 'never', 10);
    const patient = inTurn('d', async () => running);
    await expect(impatient).rejects.toMatchObject({ code: ErrorCode.CONFLICT, details: { retryable: true } });
    await first;
    await expect(patient).resolves.toBe(false);
  });

  it(`refuses at once to join a line of ${MAX_IN_LINE}`, async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const line = Array.from({ length: MAX_IN_LINE }, () => inTurn('e', () => gate));
    await expect(inTurn('e', async () => 'late')).rejects.toMatchObject({ code: ErrorCode.CONFLICT });
    release();
    await Promise.all(line);
    await expect(inTurn('e', async () => 'later')).resolves.toBe('later');
  });
});
