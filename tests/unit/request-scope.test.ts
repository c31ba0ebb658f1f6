/**
 * src/request-scope.ts: one request at a time reads a module-level slot;
 * once two requests overlap, every new request gets its own
 * AsyncLocalStorage store, and the one already in flight keeps its own.
 */
import { setImmediate as tick } from 'node:timers/promises';
import { currentRequestScope, requestScopeMode, runInRequestScope } from '../../src/request-scope';

const idAfterTicks = async (ticks: number) => {
  for (let i = 0; i < ticks; i++) await tick();
  return currentRequestScope()?.requestId;
};

describe('request scope', () => {
  it('one request at a time: the request is in scope across awaits, and gone after', async () => {
    const seen = await runInRequestScope({ requestId: 'a' }, async () => [
      currentRequestScope()?.requestId,
      await idAfterTicks(3),
    ]);
    const sync = runInRequestScope({ requestId: 'b' }, () => currentRequestScope()?.requestId);

    expect(seen).toEqual(['a', 'a']);
    expect(sync).toBe('b');
    expect(currentRequestScope()).toBeUndefined();
    expect(requestScopeMode()).toBe('solo');
  });

  it('clears the slot when the request throws or rejects', async () => {
    expect(() =>
      runInRequestScope({ requestId: 'x' }, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    await expect(
      runInRequestScope({ requestId: 'y' }, async () => {
        await tick();
        throw new Error('later');
      }),
    ).rejects.toThrow('later');

    expect(currentRequestScope()).toBeUndefined();
    expect(requestScopeMode()).toBe('solo');
  });

  it('overlapping requests each see their own, including the one in flight before', async () => {
    const first = runInRequestScope({ requestId: 'first' }, () => idAfterTicks(6));
    const others = ['second', 'third'].map((requestId, i) =>
      runInRequestScope({ requestId }, () => idAfterTicks(2 + i * 5)),
    );

    expect(await Promise.all([first, ...others])).toEqual(['first', 'second', 'third']);
    expect(requestScopeMode()).toBe('concurrent');
    // Later requests, one at a time or not, keep their own scope.
    expect(await runInRequestScope({ requestId: 'fourth' }, () => idAfterTicks(2))).toBe('fourth');
    expect(currentRequestScope()).toBeUndefined();
  });
});
