/**
 * The WHATWG URL parser that browsers and Node share. core's tsconfig has the ES library only
 * (neither DOM nor Node types), so the part of it core uses is typed here, once.
 */
export interface WebUrl {
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly host: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

const { URL } = globalThis as unknown as { URL: new (input: string, base?: string) => WebUrl };

/** `input` parsed (against `base` when given) as a browser would, or null when it is not a URL. */
export function parseUrl(input: string, base?: string): WebUrl | null {
  try {
    return new URL(input, base);
  } catch {
    return null;
  }
}
