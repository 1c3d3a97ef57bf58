import type { Migration } from 'kysely/migration';
import * as initial from './2026-11-22-001-initial.ts';
import * as searchIndex from './2026-11-22-002-search-index.ts';
import * as searchTagLines from './2026-11-22-003-search-tags-lines.ts';
import * as searchChanges from './2026-11-22-004-search-changes.ts';
import * as purchaseLimits from './2026-12-07-005-purchase-limits.ts';
import * as webhookReplay from './2026-12-07-006-webhook-replay.ts';
import * as loginAttempts from './2026-12-07-007-login-attempts.ts';
import * as searchRoles from './2026-12-07-008-search-roles.ts';

/** Every migration, by name; names sort in the order they run. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '2026-11-22-001-initial': initial,
  '2026-11-22-002-search-index': searchIndex,
  '2026-11-22-003-search-tags-lines': searchTagLines,
  '2026-11-22-004-search-changes': searchChanges,
  '2026-12-07-005-purchase-limits': purchaseLimits,
  '2026-12-07-006-webhook-replay': webhookReplay,
  '2026-12-07-007-login-attempts': loginAttempts,
  '2026-12-07-008-search-roles': searchRoles,
};
