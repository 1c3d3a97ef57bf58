import type { ProblemMessages } from '@weshop/core/contract';
import { fakeFetch as fakeFetchOf } from '@weshop/core/testing';
import { describe, expect, it } from 'vitest';
import { ApiProblem, createApiClient } from './client.ts';
import type { ApiClient } from './client.ts';
import { PROBLEM_MESSAGES } from './problem-messages.ts';

const fakeFetch = (...answers: Response[]) => fakeFetchOf<Request, Response>(...answers);

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const problem = (body: Record<string, unknown>) =>
  new Response(JSON.stringify(body), {
    status: body.status as number,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  });

const ME = {
  openid: 'o-fan-1',
  nickname: '小明',
  avatarUrl: null,
  subscribed: true,
  balanceFen: 12900,
  snapshotUser: false,
};

describe('shop API client', () => {
  it('calls a typed route with the fan’s cookie and returns the typed body', async () => {
    const fake = fakeFetch(json(ME));
    const api = createApiClient({ baseUrl: 'http://shop.test', fetch: fake.fetch });
    const { data } = await api.GET('/api/shop/me');
    const balanceFen: number | undefined = data?.balanceFen;
    expect(balanceFen).toBe(12900);
    expect(fake.requests[0]?.url).toBe('http://shop.test/api/shop/me');
    expect(fake.requests[0]?.credentials).toBe('include');
  });

  it('sends path, query and body as the contract types them', async () => {
    const fake = fakeFetch(json({ items: [], nextCursor: null }), json({ id: 7 }, 201));
    const api = createApiClient({ baseUrl: 'http://shop.test', fetch: fake.fetch });
    await api.GET('/api/shop/orders', { params: { query: { status: 'paid', limit: '10' } } });
    await api.POST('/api/shop/orders', {
      params: { header: { 'idempotency-key': 'k-1' } },
      body: {
        items: [{ skuId: 3, quantity: 2 }],
        address: { name: '王小明', phone: '13800138000', detail: '上海市徐汇区漕溪北路 88 号' },
      },
    });
    expect(fake.requests[0]?.url).toBe('http://shop.test/api/shop/orders?status=paid&limit=10');
    const post = fake.requests[1]!;
    expect(post.method).toBe('POST');
    expect(post.headers.get('idempotency-key')).toBe('k-1');
    expect(await post.json()).toMatchObject({ items: [{ skuId: 3, quantity: 2 }] });
  });

  it('rejects with an ApiProblem carrying the code and the fan’s message when stock is short', async () => {
    const fake = fakeFetch(
      problem({
        type: '/api/docs#problem-out-of-stock',
        title: 'Not enough stock',
        status: 409,
        code: 'OUT_OF_STOCK',
        skuId: 3,
        available: 1,
      }),
    );
    const api = createApiClient({ baseUrl: 'http://shop.test', fetch: fake.fetch });
    const call = api.POST('/api/shop/orders/{id}/pay', {
      params: { path: { id: '7' } },
      body: { method: 'balance' },
    });
    const error = await call.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error).toMatchObject({
      code: 'OUT_OF_STOCK',
      status: 409,
      message: '库存不足，请减少数量或换个规格',
    });
    expect((error as ApiProblem).problem?.available).toBe(1);
  });

  it('keeps the per-field errors of a validation problem', async () => {
    const errors = [{ path: 'address.phone', message: 'must be a mainland mobile number' }];
    const fake = fakeFetch(
      problem({
        type: '/api/docs#problem-validation-failed',
        title: 'The request is not valid',
        status: 400,
        code: 'VALIDATION_FAILED',
        errors,
      }),
    );
    const api = createApiClient({ baseUrl: 'http://shop.test', fetch: fake.fetch });
    const error = (await api
      .POST('/api/shop/cart/items', { body: { skuId: 1 } })
      .catch((e: unknown) => e)) as ApiProblem;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe(PROBLEM_MESSAGES.VALIDATION_FAILED);
    expect(error.errors).toEqual(errors);
  });

  it('answers INTERNAL for an error that is not a problem (a proxy’s 502 page)', async () => {
    const fake = fakeFetch(
      new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
    );
    const api = createApiClient({ baseUrl: 'http://shop.test', fetch: fake.fetch });
    const error = (await api.GET('/api/shop/categories').catch((e: unknown) => e)) as ApiProblem;
    expect(error).toMatchObject({ code: 'INTERNAL', status: 502, message: PROBLEM_MESSAGES.INTERNAL });
  });
});

/** Never run: `npm run typecheck` proves that the contract's types reach the call sites. */
export function typeChecks(api: ApiClient): void {
  // @ts-expect-error a path the API does not have
  void api.GET('/api/shop/nope', {});
  // @ts-expect-error an admin route is not a GET here (and needs the staff session anyway)
  void api.GET('/api/admin/orders/{id}/ship', { params: { path: { id: '1' } } });
  // @ts-expect-error an order needs an address
  void api.POST('/api/shop/orders', { body: { items: [{ skuId: 1, quantity: 1 }] } });
  // @ts-expect-error pay takes `method: "balance"`, nothing else
  void api.POST('/api/shop/orders/{id}/pay', { params: { path: { id: '1' } }, body: { method: 'cash' } });
  // @ts-expect-error a message table must name every problem code
  const incomplete: ProblemMessages = { OUT_OF_STOCK: '库存不足' };
  void incomplete;
}
