import type { ColumnType, Generated } from 'kysely';

/**
 * Table types. Conventions shared by both dialects (so one repository serves SQLite and PostgreSQL):
 * - ids: 32-bit integers (SQLite `integer primary key autoincrement`, Postgres identity);
 * - money: `bigint` fen, read back as JS numbers (the Postgres pool parses int8 to number);
 * - time: UTC instants; SQLite `text` ISO 8601 with milliseconds and `Z`, Postgres `timestamptz`;
 *   both are read back as ISO strings (see dialects.ts);
 * - flags: `smallint` 0/1 (better-sqlite3 cannot bind booleans);
 * - structured values (spec, tags, address, payloads): JSON text, parsed by the repositories with zod.
 * Row types never leave packages/db: repositories map them to @weshop/core types.
 */

/** A UTC instant: always written by the app as an ISO string; the database may default it. */
export type Timestamp = ColumnType<string, string | undefined, string>;
export type NullableTimestamp = ColumnType<string | null, string | null | undefined, string | null>;
/** 0 or 1. */
export type Flag = ColumnType<number, number | undefined, number>;
/** JSON text. */
export type Json = string;

export interface CategoryTable {
  id: Generated<number>;
  name: string;
  icon: string | null;
  sort_order: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProductTable {
  id: Generated<number>;
  category_id: number | null;
  title: string;
  subtitle: string;
  description: string;
  /** JSON array of strings (English search tags such as "dress"). */
  tags: Json;
  on_shelf: Flag;
  /** Denormalised from the SKUs and the first image by the catalog repository, in the same transaction. */
  min_price_fen: number;
  max_price_fen: number;
  cover_image: string | null;
  sales_count: Generated<number>;
  sort_order: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
  /** 限购: at most this many units per fan (CHECK >= 1); NULL for none. */
  purchase_limit: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ProductImageTable {
  id: Generated<number>;
  product_id: number;
  url: string;
  sort_order: number;
}

export interface SkuTable {
  id: Generated<number>;
  product_id: number;
  /** JSON object of spec values in display order. */
  spec: Json;
  /** Canonical text of the spec, unique per live product SKU. */
  spec_key: string;
  price_fen: number;
  /** Available stock; CHECK (stock >= 0). Changed only by conditional updates. */
  stock: number;
  sort_order: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface SearchSynonymTable {
  id: Generated<number>;
  /**
   * JSON array of terms: with kind 'equivalent' they mean the same thing (["连衣裙","dress"]); with
   * 'broader' the first covers the others (["裙子","连衣裙","半身裙"]). Migration 2026-12-07-008.
   */
  terms: Json;
  kind: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FanTable {
  id: Generated<number>;
  openid: string;
  unionid: string | null;
  nickname: string | null;
  avatar_url: string | null;
  subscribed: Flag;
  subscribe_scene: string | null;
  subscribed_at: NullableTimestamp;
  unsubscribed_at: NullableTimestamp;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface FanTagTable {
  id: Generated<number>;
  name: string;
  wechat_tag_id: number | null;
  created_at: Timestamp;
}

export interface FanTagAssignmentTable {
  fan_id: number;
  tag_id: number;
  created_at: Timestamp;
}

export interface BalanceAccountTable {
  fan_id: number;
  /** CHECK (balance_fen >= 0); always equals the sum of the fan's ledger entries. */
  balance_fen: number;
  updated_at: Timestamp;
}

export interface BalanceLedgerTable {
  id: Generated<number>;
  fan_id: number;
  kind: 'topup' | 'spend' | 'refund' | 'adjustment';
  amount_fen: number;
  balance_after_fen: number;
  reason: string;
  /** `fan:<openid>`, `admin:<id>`, `system:<job>`. */
  actor: string;
  /** Unique idempotency reference: `order:<id>:spend`, `admin:<request id>` … */
  reference: string;
  order_id: number | null;
  created_at: Timestamp;
}

export interface CartItemTable {
  id: Generated<number>;
  fan_id: number;
  sku_id: number;
  quantity: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderTable {
  id: Generated<number>;
  order_no: string;
  fan_id: number;
  status: 'pending_payment' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'refunded';
  items_total_fen: number;
  shipping_fen: number;
  total_fen: number;
  /** JSON snapshot of the address. */
  address: Json;
  note: string;
  payment_method: 'balance' | 'wechat_pay' | null;
  carrier: string | null;
  tracking_no: string | null;
  idempotency_key: string | null;
  /** Hash of the request body that created the order, to refuse a reused key with another body. */
  request_hash: string | null;
  cancel_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  expires_at: NullableTimestamp;
  paid_at: NullableTimestamp;
  shipped_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
  refunded_at: NullableTimestamp;
}

export interface OrderItemTable {
  id: Generated<number>;
  order_id: number;
  product_id: number;
  sku_id: number;
  title: string;
  spec: Json;
  image: string | null;
  price_fen: number;
  quantity: number;
  subtotal_fen: number;
}

export interface KeywordRuleTable {
  id: Generated<number>;
  /** JSON array of keywords. */
  keywords: Json;
  match: 'exact' | 'contains';
  priority: number;
  enabled: Flag;
  /** JSON KeywordReply. */
  reply: Json;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InboundMessageTable {
  id: Generated<number>;
  /** MsgId, or FromUserName + CreateTime + Event for events. */
  dedupe_key: string;
  openid: string;
  msg_type: string;
  event: string | null;
  content: string | null;
  /** 'processing' while the first delivery works on it, then 'done' with the reply to repeat to retries. */
  status: 'processing' | 'done';
  reply: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The body each signed (timestamp, nonce) of POST /wechat came with, for the ±300 s window. */
export interface WebhookReplayTable {
  id: Generated<number>;
  /** `<timestamp>:<nonce>` from the query WeChat signed. */
  stamp: string;
  /** SHA-256 of the raw body, base64. */
  body_hash: string;
  created_at: Timestamp;
}

export interface SearchLogTable {
  id: Generated<number>;
  query: string;
  normalized: string;
  hits: number;
  openid: string | null;
  source: 'chat' | 'h5' | 'admin';
  created_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  /** Idempotency key, also sent to WeChat as client_msg_id: `shipped:<orderNo>`, `balance:<ledger id>`. */
  dedupe_key: string;
  kind: 'template' | 'custom' | 'mass';
  openid: string | null;
  /** JSON body to send. */
  payload: Json;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_until: NullableTimestamp;
  last_errcode: number | null;
  last_error: string | null;
  /** WeChat's msgid, to match TEMPLATESENDJOBFINISH. */
  wechat_msg_id: string | null;
  delivery_status: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: NullableTimestamp;
}

export interface OutboxAttemptTable {
  id: Generated<number>;
  outbox_id: number;
  attempt: number;
  outcome: 'sent' | 'retry' | 'failed' | 'paused';
  errcode: number | null;
  error: string | null;
  duration_ms: number;
  created_at: Timestamp;
}

export interface SettingTable {
  key: string;
  /** JSON value checked by the key's schema in @weshop/core. */
  value: Json;
  updated_at: Timestamp;
}

export interface AdminUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: 'owner' | 'staff';
  password_hash: string;
  disabled: Flag;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_login_at: NullableTimestamp;
}

export interface AdminSessionTable {
  /** SHA-256 of the session token; the token itself only lives in the cookie. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

/** One staff login attempt: the login throttle's state and the log staff read. */
export interface LoginAttemptTable {
  id: Generated<number>;
  /** Lower-cased as typed, whether or not the account exists. */
  username: string;
  ip: string;
  /** `failure` is written before the password is checked, then becomes `success` if it was right. */
  outcome: 'success' | 'failure' | 'throttled';
  created_at: Timestamp;
}

export interface WechatTokenTable {
  /** `access_token`, `jsapi_ticket`. */
  name: string;
  value: string;
  expires_at: Timestamp;
  /** A lease held by the instance that is refreshing, so only one refreshes at a time. */
  refresh_lease_until: NullableTimestamp;
  updated_at: Timestamp;
}

export interface QrSceneTable {
  id: Generated<number>;
  scene: string;
  name: string;
  ticket: string | null;
  url: string | null;
  permanent: Flag;
  expires_at: NullableTimestamp;
  follow_count: Generated<number>;
  scan_count: Generated<number>;
  created_at: Timestamp;
}

export interface Tables {
  categories: CategoryTable;
  products: ProductTable;
  product_images: ProductImageTable;
  skus: SkuTable;
  search_synonyms: SearchSynonymTable;
  fans: FanTable;
  fan_tags: FanTagTable;
  fan_tag_assignments: FanTagAssignmentTable;
  balance_accounts: BalanceAccountTable;
  balance_ledger: BalanceLedgerTable;
  cart_items: CartItemTable;
  orders: OrderTable;
  order_items: OrderItemTable;
  keyword_rules: KeywordRuleTable;
  inbound_messages: InboundMessageTable;
  search_log: SearchLogTable;
  webhook_replays: WebhookReplayTable;
  outbox: OutboxTable;
  outbox_attempts: OutboxAttemptTable;
  settings: SettingTable;
  admin_users: AdminUserTable;
  admin_sessions: AdminSessionTable;
  login_attempts: LoginAttemptTable;
  wechat_tokens: WechatTokenTable;
  qr_scenes: QrSceneTable;
}
