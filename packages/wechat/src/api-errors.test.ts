import { describe, expect, it } from 'vitest';
import {
  classifyErrcode,
  isRetryable,
  parseWeChatJson,
  TokenWaitTimeoutError,
  WeChatApiError,
  WeChatNetworkError,
} from './api-errors.ts';

describe('classifyErrcode', () => {
  it.each([
    [40001, 'token'],
    [40014, 'token'],
    [42001, 'token'],
    [45009, 'quota'],
    [45011, 'quota'],
    [45066, 'quota'],
    [-1, 'retryable'],
    [43004, 'permanent'],
    [40003, 'permanent'],
    [40037, 'permanent'],
    [47003, 'permanent'],
    [40029, 'permanent'],
    [40163, 'permanent'],
    [45047, 'permanent'],
    [45065, 'permanent'],
    [45067, 'permanent'],
    [99999, 'permanent'],
    [-2, 'unknown'],
    [0, 'unknown'],
    [Number.NaN, 'unknown'],
  ] as const)('classifies %d as %s', (errcode, kind) => {
    expect(classifyErrcode(errcode)).toBe(kind);
  });
});

describe('WeChatApiError', () => {
  it('carries errcode, errmsg, endpoint and kind', () => {
    const error = new WeChatApiError(43004, 'require subscribe', '/cgi-bin/message/template/send');
    expect(error).toMatchObject({ errcode: 43004, errmsg: 'require subscribe', kind: 'permanent' });
    expect(error.message).toBe('WeChat /cgi-bin/message/template/send failed: 43004 require subscribe');
    expect(error.httpStatus).toBeUndefined();
  });
});

describe('isRetryable', () => {
  it('retries network errors, waits, and API errors that are not permanent', () => {
    expect(isRetryable(new WeChatNetworkError('reset', '/x', { outcomeUnknown: true }))).toBe(true);
    expect(isRetryable(new TokenWaitTimeoutError('access_token', 8000))).toBe(true);
    expect(isRetryable(new WeChatApiError(-1, 'system busy', '/x'))).toBe(true);
    expect(isRetryable(new WeChatApiError(45009, 'api freq out of limit', '/x'))).toBe(true);
    expect(isRetryable(new WeChatApiError(40001, 'invalid credential', '/x'))).toBe(true);
  });

  it('does not retry permanent API errors or foreign errors', () => {
    expect(isRetryable(new WeChatApiError(47003, 'argument invalid', '/x'))).toBe(false);
    expect(isRetryable(new TypeError('bug'))).toBe(false);
    expect(isRetryable('string')).toBe(false);
  });
});

describe('parseWeChatJson', () => {
  it('keeps 64-bit ids and other unsafe integers as their exact digits', () => {
    const text = '{"errcode":0,"msgid":3147483987654321012,"msg_id":5,"big":9007199254740993,"n":7}';
    expect(parseWeChatJson(text)).toEqual({
      errcode: 0,
      msgid: '3147483987654321012',
      msg_id: '5',
      big: '9007199254740993',
      n: 7,
    });
  });
});
