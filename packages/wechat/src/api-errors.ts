/**
 * Errors of the WeChat HTTP API, in the wechatpy manner: an answer carrying a non-zero `errcode` becomes a
 * `WeChatApiError(errcode, errmsg, endpoint)` with a `kind` that tells callers (the outbox) what to do;
 * anything that kept us from reading a JSON answer becomes a `WeChatNetworkError`.
 */

/**
 * - `token`: the access_token was rejected (the client already refreshed it and retried once).
 * - `retryable`: WeChat was busy (-1); try again with backoff.
 * - `quota`: a rate or daily limit; try again later (pause the sender, do not loop).
 * - `permanent`: retrying the same request cannot succeed (bad openid, not subscribed, bad data…).
 * - `unknown`: an errcode we cannot place (negative codes other than -1, 0 or non-integers).
 */
export type WeChatErrorKind = 'token' | 'retryable' | 'permanent' | 'quota' | 'unknown';

const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/**
 * 45009 daily quota, 45011 per-minute limit and 45066 ("same clientmsgid retried too fast, wait one
 * minute") all clear with time, so they are `quota`.
 * Judged `permanent` on purpose (they are not in the set):
 * - 45047, customer-service messages over the per-user 48 h allowance: only a new message from that user
 *   reopens the window, and pausing every sender for one user would be wrong.
 * - 45065, a mass send with this clientmsgid already exists: the message went out; the mass-send methods
 *   of the client turn it into a success when WeChat names the existing msg_id.
 * - 45067, clientmsgid longer than 64 bytes.
 */
const QUOTA_ERRCODES: ReadonlySet<number> = new Set([45009, 45011, 45066]);

export function classifyErrcode(errcode: number): WeChatErrorKind {
  if (TOKEN_ERRCODES.has(errcode)) return 'token';
  if (QUOTA_ERRCODES.has(errcode)) return 'quota';
  if (errcode === -1) return 'retryable';
  if (Number.isInteger(errcode) && errcode > 0) return 'permanent';
  return 'unknown';
}

export class WeChatApiError extends Error {
  override readonly name = 'WeChatApiError';
  readonly errcode: number;
  readonly errmsg: string;
  /** API path such as `/cgi-bin/message/template/send` (never the query, which holds secrets). */
  readonly endpoint: string;
  readonly kind: WeChatErrorKind;
  /** Set when the error JSON came with an HTTP status other than 200. */
  readonly httpStatus?: number;
  /** The whole parsed answer, for codes that carry data (45065 names the existing msg_id). */
  readonly data?: Readonly<Record<string, unknown>>;

  constructor(
    errcode: number,
    errmsg: string,
    endpoint: string,
    options: { httpStatus?: number; data?: Record<string, unknown> } = {},
  ) {
    super(`WeChat ${endpoint} failed: ${errcode} ${errmsg}`);
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.endpoint = endpoint;
    this.kind = classifyErrcode(errcode);
    if (options.httpStatus !== undefined) this.httpStatus = options.httpStatus;
    if (options.data !== undefined) this.data = options.data;
  }
}

/**
 * No usable JSON answer: connection refused, timeout, reset, HTTP 5xx, a non-JSON body. Always retryable.
 * `outcomeUnknown` is true when the request may have reached WeChat and been acted upon (read timeout,
 * reset mid-response, 5xx, non-JSON 200): a retry must then be idempotent (template `client_msg_id`).
 */
export class WeChatNetworkError extends Error {
  override readonly name = 'WeChatNetworkError';
  readonly endpoint: string;
  override readonly cause: unknown;
  readonly outcomeUnknown: boolean;
  /** The HTTP status when an answer arrived but was not usable. */
  readonly httpStatus?: number;

  constructor(
    message: string,
    endpoint: string,
    options: { cause?: unknown; outcomeUnknown: boolean; httpStatus?: number },
  ) {
    super(`WeChat ${endpoint}: ${message}`);
    this.endpoint = endpoint;
    this.cause = options.cause;
    this.outcomeUnknown = options.outcomeUnknown;
    if (options.httpStatus !== undefined) this.httpStatus = options.httpStatus;
  }
}

/** Another instance held the refresh lease of a token for longer than we were willing to wait. */
export class TokenWaitTimeoutError extends Error {
  override readonly name = 'TokenWaitTimeoutError';
  readonly tokenName: string;

  constructor(tokenName: string, waitedMs: number) {
    super(`gave up after ${waitedMs} ms waiting for another instance to refresh "${tokenName}"`);
    this.tokenName = tokenName;
  }
}

/**
 * True when the same request may succeed later: network errors, lease waits, and API errors of every kind
 * except `permanent` (`token` too: the client already refreshed once, a later attempt normally sees a
 * settled token; `quota` only after the limit resets, so check `kind` to choose the delay).
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof WeChatNetworkError || error instanceof TokenWaitTimeoutError) return true;
  if (error instanceof WeChatApiError) return error.kind !== 'permanent';
  return false;
}

/** A JSON answer of the WeChat API. */
export type WeChatJson = Record<string, unknown>;

export interface WeChatRequest {
  method?: 'GET' | 'POST';
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  body?: unknown;
}

/** Keys whose integer values are 64-bit ids: they are kept as strings, as are any other unsafe integers. */
const ID_KEYS: ReadonlySet<string> = new Set(['msgid', 'msg_id', 'msg_data_id', 'MsgId', 'MsgID']);

/** JSON.parse that never rounds a 64-bit id (uses the source-text access of the reviver, Node ≥ 21). */
export function parseWeChatJson(text: string): unknown {
  return JSON.parse(text, (key: string, value: unknown, context?: { source?: string }) => {
    if (typeof value !== 'number' || context?.source === undefined || !Number.isInteger(value)) return value;
    return ID_KEYS.has(key) || !Number.isSafeInteger(value) ? context.source : value;
  });
}

/** Errors of connections that never carried our request to WeChat. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    const { code, errors } = current as Error & { code?: unknown; errors?: unknown };
    if (typeof code === 'string') return code;
    const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
    current = first ?? current.cause;
  }
  return undefined;
}

/** The transport under the client: one HTTP exchange with timeout, turned into JSON or a typed error. */
export function createWeChatHttp(options: { apiBase?: string; timeoutMs?: number; fetch?: typeof fetch }) {
  const apiBase = (options.apiBase ?? 'https://api.weixin.qq.com').replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5000;
  const fetchImpl = options.fetch ?? fetch;

  const failed = (error: unknown, endpoint: string, afterHeaders: boolean): WeChatNetworkError => {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const code = errorCode(error);
    const message = timedOut
      ? `timed out after ${timeoutMs} ms`
      : `request failed (${code ?? String(error)})`;
    const outcomeUnknown = afterHeaders || timedOut || code === undefined || !NOT_SENT_CODES.has(code);
    return new WeChatNetworkError(message, endpoint, { cause: error, outcomeUnknown });
  };

  return async function request(endpoint: string, init: WeChatRequest = {}): Promise<WeChatJson> {
    const url = new URL(apiBase + endpoint);
    for (const [key, value] of Object.entries(init.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const hasBody = init.body !== undefined;
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url, {
        method: init.method ?? 'POST',
        headers: hasBody ? { 'content-type': 'application/json; charset=utf-8' } : {},
        ...(hasBody && { body: JSON.stringify(init.body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw failed(error, endpoint, false);
    }
    try {
      text = await response.text();
    } catch (error) {
      throw failed(error, endpoint, true);
    }
    return interpret(response.status, text, endpoint);
  };
}

function interpret(status: number, text: string, endpoint: string): WeChatJson {
  const httpStatus = status;
  if (status >= 500)
    throw new WeChatNetworkError(`HTTP ${status}`, endpoint, { outcomeUnknown: true, httpStatus });
  let data: unknown;
  try {
    data = parseWeChatJson(text);
  } catch {
    data = undefined;
  }
  const ok = status >= 200 && status < 300;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    // A 2xx that is not JSON came from WeChat or a middlebox after the request went through.
    const message = ok ? `HTTP ${status} with a non-JSON body` : `HTTP ${status}`;
    throw new WeChatNetworkError(message, endpoint, { outcomeUnknown: ok, httpStatus });
  }
  const json = data as WeChatJson;
  const errcode = Number(json.errcode ?? 0);
  if (errcode !== 0) {
    const errmsg = typeof json.errmsg === 'string' ? json.errmsg : '';
    throw new WeChatApiError(errcode, errmsg, endpoint, {
      ...(status !== 200 && { httpStatus }),
      data: json,
    });
  }
  if (!ok) throw new WeChatNetworkError(`HTTP ${status}`, endpoint, { outcomeUnknown: false, httpStatus });
  return json;
}
