/**
 * Hot statements compiled once. Kysely builds and compiles a query tree on every call, which on the
 * checkout path costs more than SQLite takes to run the statement. `compiledOnce` builds the query
 * the first time for each dialect and `key` with stand-ins for its arguments, remembers the SQL text
 * and which argument feeds each parameter, and from then on only fills in the parameters; on SQLite
 * the statement cache (statement-cache.ts) then reuses the prepared statement. `key` must name the shape:
 * anything that changes the SQL text (optional conditions, the length of an `in` list, the number of
 * rows inserted) belongs in it. Parameters the build writes itself (constants) are kept as they are.
 *
 * A key reused for another statement fails loudly when that statement is built, naming the key and
 * both SQL texts: always when it comes with another number of arguments (a check that costs
 * nothing), and under `verifyCompiledKeys` (test support turns it on) whenever another build function
 * brings it, by building it again and comparing. Telling two call sites apart on every run would cost
 * more than the compiling this saves, so production relies on the tests having run every key.
 */
import { CompiledQuery } from 'kysely';
import type { Compilable, QueryResult } from 'kysely';
import { dialectOf } from '../dialect.ts';
import type { DialectName } from '../dialect.ts';
import type { Executor } from '../transaction.ts';
import { runInUnit } from './unit-statements.ts';

const STAND_IN = '\u0000weshop-argument:';

type Slot = { argument: number } | { constant: unknown };

interface Shape {
  sql: string;
  slots: Slot[];
  /** How many arguments the shape takes. */
  arity: number;
  /** The build function that made it (the same function again needs no check). */
  build: WeakRef<object>;
  /** The compiled query's tree and id, shared by every run of the shape (no plugin reads them). */
  query: CompiledQuery['query'];
  queryId: CompiledQuery['queryId'];
}

/** Per dialect, by key: a lookup per statement on the hottest paths, so no key string is built. */
const shapes: Record<DialectName, Map<string, Shape>> = { sqlite: new Map(), postgres: new Map() };

let verifying = false;

/**
 * From now on (or not), every `compiledOnce` with a build function other than the one that first
 * built its key builds the statement again and checks that the key still names the same SQL. Slow:
 * test support only (createTestDatabase turns it on), so the test suites check every key they run.
 */
export function verifyCompiledKeys(on = true): void {
  verifying = on;
}

function compileShape<const A extends readonly unknown[], R>(
  args: A,
  build: (args: A) => Compilable<R>,
): Shape {
  const standIns = args.map((_, index) => `${STAND_IN}${index}`) as unknown as A;
  const compiled = build(standIns).compile();
  const raw = CompiledQuery.raw(compiled.sql);
  return {
    sql: compiled.sql,
    slots: compiled.parameters.map((parameter) =>
      typeof parameter === 'string' && parameter.startsWith(STAND_IN)
        ? { argument: Number(parameter.slice(STAND_IN.length)) }
        : { constant: parameter },
    ),
    arity: args.length,
    build: new WeakRef(build),
    query: raw.query,
    queryId: raw.queryId,
  };
}

const sameSlot = (a: Slot, b: Slot | undefined): boolean =>
  b !== undefined &&
  ('argument' in a
    ? 'argument' in b && a.argument === b.argument
    : 'constant' in b && Object.is(a.constant, b.constant));

/** Throws when `other`, built for `key` by another caller, is not the statement `key` names. */
function checkSameStatement(key: string, first: Shape, other: Shape): void {
  if (other.sql === first.sql && other.slots.every((slot, index) => sameSlot(slot, first.slots[index])))
    return;
  const how = other.sql === first.sql ? ' (the same SQL with its arguments in another order)' : '';
  throw new Error(
    `compiled query key "${key}" is used for two different statements${how}; put what changes the ` +
      `statement in the key.\n  first:   ${first.sql}\n  then:    ${other.sql}`,
  );
}

export function compiledOnce<const A extends readonly unknown[], R>(
  db: Executor,
  key: string,
  args: A,
  build: (args: A) => Compilable<R>,
): CompiledQuery<R> {
  const byKey = shapes[dialectOf(db)];
  let shape = byKey.get(key);
  if (shape === undefined) {
    shape = compileShape(args, build);
    byKey.set(key, shape);
  } else if (args.length !== shape.arity || (verifying && build !== shape.build.deref())) {
    checkSameStatement(key, shape, compileShape(args, build));
  }
  const parameters = shape.slots.map((slot) => ('argument' in slot ? args[slot.argument] : slot.constant));
  // What CompiledQuery.raw builds, without a new tree, id and frozen copy per run.
  return { sql: shape.sql, query: shape.query, queryId: shape.queryId, parameters } as CompiledQuery<R>;
}

/** Runs a statement compiled once (see `compiledOnce`) on `db` or the caller's transaction. */
export function runCompiled<const A extends readonly unknown[], R>(
  db: Executor,
  key: string,
  args: A,
  build: (args: A) => Compilable<R>,
): Promise<QueryResult<R>> {
  const query = compiledOnce(db, key, args, build);
  try {
    // Inside a group-commit unit the statement runs on the connection directly (unit-statements.ts).
    const result = runInUnit(db, query);
    if (result !== undefined) return Promise.resolve(result);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  return db.executeQuery(query);
}

/** Rows a compiled UPDATE or DELETE changed. */
export const affectedRows = (result: QueryResult<unknown>): number => Number(result.numAffectedRows ?? 0n);

/** Rows per statement for `insertCompiled`: bounds the shapes compiled and cached to this many per key. */
const INSERT_CHUNK = 50;

/**
 * Inserts `rows` in statements of at most INSERT_CHUNK rows, each statement compiled once per key
 * and row count (`compiledOnce`): the batched logs' writes, hundreds of rows every few milliseconds,
 * where building and compiling the insert each time cost more than SQLite took to run it. Every row
 * has the same columns in the same order; `build` makes the statement for the rows it is given.
 * Resolves with the rows the statements return (with `returning`; none otherwise).
 */
export async function insertCompiled<Row extends Record<string, unknown>, Out = never>(
  db: Executor,
  key: string,
  rows: readonly Row[],
  build: (rows: Row[]) => Compilable<unknown>,
): Promise<Out[]> {
  const returned: Out[] = [];
  if (rows.length === 0) return returned;
  const columns = Object.keys(rows[0]!);
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    const args = chunk.flatMap((row) => columns.map((column) => row[column]));
    const standInRows = (a: readonly unknown[]) =>
      chunk.map(
        (_, row) =>
          Object.fromEntries(
            columns.map((column, index) => [column, a[row * columns.length + index]]),
          ) as Row,
      );
    const result = await db.executeQuery(
      compiledOnce(db, `${key} × ${chunk.length}`, args, (a) => build(standInRows(a))),
    );
    for (const row of result.rows) returned.push(row as Out);
  }
  return returned;
}
