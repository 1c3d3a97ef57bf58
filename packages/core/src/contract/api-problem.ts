/**
 * The browser side of the problem+json contract: an error answer becomes an `ApiProblem` carrying
 * the typed `code`, the status, the per-field errors and the app's own message for that code (each
 * app words its messages for its readers: fans in the shop, staff in the admin). Structural types
 * only, so core stays free of any HTTP client: openapi-fetch accepts `problemMiddleware(...)` as
 * a middleware as it is.
 */
import type { FieldError } from '../errors.ts';
import type { Problem, ProblemCode } from '../problem.ts';

/** One message per code: the compiler flags a code left without one. */
export type ProblemMessages = Readonly<Record<ProblemCode, string>>;

export class ApiProblem extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  /** Per-field problems of a VALIDATION_FAILED answer (`path` is dotted: `items.0.quantity`). */
  readonly errors: readonly FieldError[];
  /** The whole body when the answer was a problem (extensions such as `available` included). */
  readonly problem: Problem | undefined;

  constructor(init: {
    code: ProblemCode;
    status: number;
    message: string;
    errors?: readonly FieldError[];
    problem?: Problem;
  }) {
    super(init.message);
    this.name = 'ApiProblem';
    this.code = init.code;
    this.status = init.status;
    this.errors = init.errors ?? [];
    this.problem = init.problem;
  }
}

export function isApiProblem(value: unknown): value is ApiProblem {
  return value instanceof ApiProblem;
}

/** What problemMiddleware reads of a fetch Response. */
export interface ResponseLike {
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}

function asProblem(body: unknown, messages: ProblemMessages): Problem | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { code } = body as { code?: unknown };
  return typeof code === 'string' && Object.hasOwn(messages, code) ? (body as Problem) : undefined;
}

/**
 * The ApiProblem of an error answer. Anything that is not one of our problems (a proxy's 502 page,
 * a code this build does not know yet) is INTERNAL with the answer's status.
 */
export async function readApiProblem(response: ResponseLike, messages: ProblemMessages): Promise<ApiProblem> {
  const json = response.headers.get('content-type')?.includes('json') ?? false;
  const problem = asProblem(json ? await response.json().catch(() => undefined) : undefined, messages);
  const code = problem?.code ?? 'INTERNAL';
  return new ApiProblem({
    code,
    status: response.status,
    message: messages[code],
    ...(problem?.errors ? { errors: problem.errors } : {}),
    ...(problem ? { problem } : {}),
  });
}

/** An openapi-fetch middleware: every answer that is not 2xx rejects the call with an ApiProblem. */
export function problemMiddleware(messages: ProblemMessages) {
  return {
    async onResponse({ response }: { response: ResponseLike }): Promise<undefined> {
      if (!response.ok) throw await readApiProblem(response, messages);
      return undefined;
    },
  };
}
