import { describe, expect, it } from 'vitest';
import { createLogger } from '../../log.ts';
import { withDeadline } from './deadline.ts';

const deps = { logger: createLogger('silent') };
const after = (ms: number, value: string) =>
  new Promise<string>((resolve) => setTimeout(() => resolve(value), ms));

describe('withDeadline', () => {
  it('answers the reply when the work finishes in time', async () => {
    expect(await withDeadline(deps, after(5, '<xml>reply</xml>'), 200)).toBe('<xml>reply</xml>');
  });

  it('answers success when the work is late, and lets it finish', async () => {
    let finished = false;
    const work = after(150, '<xml>late</xml>').then((reply) => {
      finished = true;
      return reply;
    });
    const started = performance.now();
    expect(await withDeadline(deps, work, 30)).toBe('success');
    expect(performance.now() - started).toBeLessThan(140);
    await work;
    expect(finished).toBe(true);
  });

  it('answers success when the work fails', async () => {
    expect(await withDeadline(deps, Promise.reject(new Error('db down')), 200)).toBe('success');
  });

  it('keeps each message to its own deadline when many are in flight', async () => {
    const started = performance.now();
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        withDeadline(deps, after(i % 2 ? 200 : 1, `<xml>${i}</xml>`), 60).then((reply) => ({
          reply,
          ms: performance.now() - started,
        })),
      ),
    );
    replies.forEach(({ reply, ms }, i) => {
      expect(reply).toBe(i % 2 ? 'success' : `<xml>${i}</xml>`);
      if (i % 2) expect(ms).toBeLessThan(150);
    });
    // Deadlines set later still hold once the first ones have been swept.
    expect(await withDeadline(deps, after(1, '<xml>again</xml>'), 60)).toBe('<xml>again</xml>');
    expect(await withDeadline(deps, after(200, '<xml>late</xml>'), 60)).toBe('success');
  });
});
