import { fakeFetch as fakeFetchOf } from '@weshop/core/testing';
import { describe, expect, it } from 'vitest';
import { ApiProblem, createApiClient } from './client.ts';
import type { ApiClient } from './client.ts';
import { PROBLEM_MESSAGES } from './problem-messages.ts';

const fakeFetch = (...answers: Response[]) => fakeFetchOf<Request, Response>(...answers);

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('admin API client', () => {
  it('sends the CSRF token on a state change, and not on a read', async () => {
    let token: string | null = null;
    const fake = fakeFetch(
      json({ user: { id: 1, username: 'owner', displayName: '店长', role: 'owner' }, csrfToken: 'csrf-1' }),
      json({ items: [], nextCursor: null }),
      json({ id: 7, status: 'shipped' }),
    );
    const api = createApiClient({ baseUrl: 'http://shop.test', fetch: fake.fetch, csrfToken: () => token });
    const { data: session } = await api.POST('/api/admin/session', {
      body: { username: 'owner', password: 'correct-horse-battery' },
    });
    token = session?.csrfToken ?? null;
    await api.GET('/api/admin/orders', { params: { query: { status: 'paid' } } });
    await api.POST('/api/admin/orders/{id}/ship', {
      params: { path: { id: '7' } },
      body: { carrier: '顺丰速运', trackingNo: 'SF1234567890' },
    });
    const [login, list, ship] = fake.requests;
    expect(login?.headers.get('x-csrf-token')).toBeNull();
    expect(list?.url).toBe('http://shop.test/api/admin/orders?status=paid');
    expect(list?.headers.get('x-csrf-token')).toBeNull();
    expect(ship?.method).toBe('POST');
    expect(ship?.url).toBe('http://shop.test/api/admin/orders/7/ship');
    expect(ship?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(ship?.credentials).toBe('include');
    expect(await ship?.json()).toEqual({ carrier: '顺丰速运', trackingNo: 'SF1234567890' });
  });

  it('rejects with an ApiProblem carrying the code and the staff message', async () => {
    const fake = fakeFetch(
      new Response(
        JSON.stringify({
          type: '/api/docs#problem-insufficient-balance',
          title: 'Not enough balance',
          status: 409,
          code: 'INSUFFICIENT_BALANCE',
        }),
        { status: 409, headers: { 'content-type': 'application/problem+json; charset=utf-8' } },
      ),
    );
    const api = createApiClient({
      baseUrl: 'http://shop.test',
      fetch: fake.fetch,
      csrfToken: () => 'csrf-1',
    });
    const error = await api
      .POST('/api/admin/fans/{openid}/balance', {
        params: { path: { openid: 'o-fan-1' } },
        body: { amountFen: -5000, reason: '扣减' },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error).toMatchObject({
      code: 'INSUFFICIENT_BALANCE',
      status: 409,
      message: PROBLEM_MESSAGES.INSUFFICIENT_BALANCE,
    });
  });
});

/** Never run: `npm run typecheck` proves that the contract's types reach the call sites. */
export function typeChecks(api: ApiClient): void {
  // @ts-expect-error a path the API does not have
  void api.GET('/api/admin/nope', {});
  // @ts-expect-error ship needs a tracking number
  void api.POST('/api/admin/orders/{id}/ship', { params: { path: { id: '1' } }, body: { carrier: '顺丰' } });
  void api.POST('/api/admin/fans/{openid}/balance', {
    params: { path: { openid: 'o-1' } },
    // @ts-expect-error a balance change is integer fen, not a string
    body: { amountFen: '100', reason: '充值' },
  });
}
