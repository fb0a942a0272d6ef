import { isAppError } from '../errors';
import { withDeadline } from './withDeadline';

describe('withDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('passes results and errors through before the deadline', async () => {
    await expect(withDeadline(Promise.resolve(7), 1000)).resolves.toBe(7);
    await expect(withDeadline(Promise.reject(new Error('bad')), 1000)).rejects.toThrow('bad');
  });

  it('fails with TRANSFORM_TIMEOUT when the work outlasts the deadline', async () => {
    const never = new Promise<number>(() => undefined);
    const result = withDeadline(never, 20_000).catch((e: unknown) => e);
    jest.advanceTimersByTime(20_000);
    const err = await result;
    expect(isAppError(err, 'TRANSFORM_TIMEOUT')).toBe(true);
    expect((err as Error).message).toBe('Rendering the variant took longer than 20 s.');
  });
});
