/**
 * `@weshop/db/collections`: Maps that stay fast under constant churn on V8 (bounded caches and
 * de-duplication indexes). Not domain code: they live beside their main user, the data layer's
 * statement and JSON caches, and apps/api imports them from here.
 */
export * from './insertion-map.ts';
export * from './sharded-insertion-map.ts';
