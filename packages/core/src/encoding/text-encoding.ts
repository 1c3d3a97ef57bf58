/**
 * UTF-8 and base64url with the web encoding globals that browsers and Node share, so core needs no
 * `Buffer`.
 */

/**
 * The four globals used here. core's tsconfig has the ES library only (neither DOM nor Node types),
 * so they are typed at this one place instead of pulling in a whole platform's declarations.
 */
interface WebEncoding {
  TextEncoder: new () => { encode(input: string): Uint8Array };
  TextDecoder: new () => { decode(input: Uint8Array): string };
  btoa(binary: string): string;
  atob(base64: string): string;
}
const web = globalThis as unknown as WebEncoding;
const encoder = new web.TextEncoder();
const decoder = new web.TextDecoder();

/** The length of `text` in UTF-8 bytes (WeChat counts some limits in bytes). */
export function utf8ByteLength(text: string): number {
  return encoder.encode(text).length;
}

/**
 * UTF-8 text → base64url (RFC 4648 §5, no padding): byte for byte what Node's
 * `Buffer.from(text, 'utf8').toString('base64url')` gives, so cursors made before stay the same.
 */
export function encodeBase64Url(text: string): string {
  let binary = '';
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return web.btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes base64url (with or without padding) to text as `Buffer.from(encoded, 'base64url')` did, so
 * cursors handed out before stay valid; invalid UTF-8 becomes U+FFFD, as with Buffer.
 * A lone last character carries only 6 bits, less than a byte: Buffer ignored it, and so does this
 * (`atob` would throw). Callers check the alphabet first (decodeCursor does): what else `atob` or
 * Buffer tolerate (whitespace, '+', '/') is not part of the format.
 */
export function decodeBase64Url(encoded: string): string {
  const unpadded = encoded.replace(/=+$/, '');
  const whole = unpadded.length % 4 === 1 ? unpadded.slice(0, -1) : unpadded;
  const binary = web.atob(whole.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return decoder.decode(bytes);
}
