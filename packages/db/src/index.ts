export * from './database.ts';
export type * from './schema.ts';
export { nowIso } from './time.ts';
export { escapeLike } from './json.ts';
export { inTransaction, type Executor } from './transaction.ts';
export * from './repositories/catalog.ts';
export * from './repositories/admin.ts';
