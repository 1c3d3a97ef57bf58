import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES } from '../problem.ts';
import type { ProblemCode } from '../problem.ts';
import { ApiProblem, problemMiddleware, readApiProblem } from './api-problem.ts';
import type { ProblemMessages, ResponseLike } from './api-problem.ts';

const MESSAGES = Object.fromEntries(PROBLEM_CODES.map((code) => [code, `msg ${code}`])) as Record<
  ProblemCode,
  string
>;

/** A fetch answer as problemMiddleware reads it (core has no DOM or Node types, hence no Response). */
function answer(status: number, body: string, contentType = 'application/problem+json'): ResponseLike {
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (name) => (name.toLowerCase() === 'content-type' ? contentType : null) },
    json: async () => JSON.parse(body) as unknown,
  };
}

describe('readApiProblem', () => {
  it('keeps the code, status, field errors and extensions of a problem', async () => {
    const body = {
      type: '/api/docs#problem-out-of-stock',
      title: 'Not enough stock',
      status: 409,
      code: 'OUT_OF_STOCK',
      available: 1,
      errors: [{ path: 'items.0.quantity', message: 'too many' }],
    };
    const problem = await readApiProblem(answer(409, JSON.stringify(body)), MESSAGES);
    expect(problem).toBeInstanceOf(ApiProblem);
    expect(problem).toMatchObject({ code: 'OUT_OF_STOCK', status: 409, message: 'msg OUT_OF_STOCK' });
    expect(problem.errors).toEqual(body.errors);
    expect(problem.problem?.available).toBe(1);
  });

  it.each([
    ['a code this build does not know', answer(409, JSON.stringify({ status: 409, code: 'NEW_CODE' }))],
    ['JSON that is not an object', answer(500, '"oops"', 'application/json')],
    ['broken JSON', answer(500, '{', 'application/json')],
    ['an HTML error page', answer(502, '<html>Bad Gateway</html>', 'text/html')],
  ])('answers INTERNAL with the status for %s', async (_case, response) => {
    const problem = await readApiProblem(response, MESSAGES as ProblemMessages);
    expect(problem).toMatchObject({ code: 'INTERNAL', status: response.status, message: 'msg INTERNAL' });
    expect(problem.problem).toBeUndefined();
  });
});

describe('problemMiddleware', () => {
  it('lets a 2xx answer through and rejects any other', async () => {
    const middleware = problemMiddleware(MESSAGES);
    await expect(middleware.onResponse({ response: answer(200, '{}', 'application/json') })).resolves.toBe(
      undefined,
    );
    await expect(
      middleware.onResponse({ response: answer(404, JSON.stringify({ status: 404, code: 'NOT_FOUND' })) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});
