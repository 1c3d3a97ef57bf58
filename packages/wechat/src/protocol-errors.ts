/** Why a piece of WeChat wire data (or our own protocol config) was refused. */
export type ProtocolErrorReason =
  | 'SIGNATURE_INVALID'
  | 'XML_FORBIDDEN'
  | 'XML_MALFORMED'
  | 'XML_DUPLICATE_FIELD'
  | 'XML_TOO_LARGE'
  | 'CRYPTO_BAD_BASE64'
  | 'CRYPTO_BAD_LENGTH'
  | 'CRYPTO_BAD_PADDING'
  | 'CRYPTO_BAD_MSG_LEN'
  | 'CRYPTO_APPID_MISMATCH'
  | 'CRYPTO_DECRYPT_FAILED'
  | 'CONFIG_INVALID';

/**
 * Raised when inbound WeChat data is refused or protocol config is unusable. The message is for logs
 * only; callers branch on `reason` (a webhook answers 400 or `success`, boot fails on CONFIG_INVALID).
 */
export class WeChatProtocolError extends Error {
  readonly reason: ProtocolErrorReason;

  constructor(reason: ProtocolErrorReason, message?: string) {
    super(message ?? reason);
    this.name = 'WeChatProtocolError';
    this.reason = reason;
  }
}

/** Type guard, handy in `catch (error)` blocks. */
export function isWeChatProtocolError(error: unknown): error is WeChatProtocolError {
  return error instanceof WeChatProtocolError;
}
