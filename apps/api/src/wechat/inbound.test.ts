import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { withDeadline } from './inbound.ts';

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
});
