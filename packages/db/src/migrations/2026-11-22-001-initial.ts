/**
 * The initial schema. Frozen: once released, never edit a migration; add a new one.
 * Imports nothing of the app, only Kysely, so it keeps meaning the same thing forever.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';

type Table = CreateTableBuilder<string, string>;

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const timestampType = pg ? 'timestamptz' : 'text';
  const nowDefault = pg ? sql`now()` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

  const id = (t: Table) =>
    t.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) =>
      pg ? c.generatedByDefaultAsIdentity().primaryKey() : c.primaryKey().autoIncrement(),
    );
  const time = (t: Table, name: string, nullable = false) =>
    t.addColumn(name, timestampType, (c) => (nullable ? c : c.notNull().defaultTo(nowDefault)));
  const flag = (t: Table, name: string, value: 0 | 1) =>
    t.addColumn(name, 'smallint', (c) =>
      c
        .notNull()
        .defaultTo(value)
        .check(sql.raw(`${name} in (0, 1)`)),
    );
  const create = (name: string) => db.schema.createTable(name);

  // ---- catalog ----
  await time(
    time(
      id(create('categories'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('icon', 'text')
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0)),
      'created_at',
    ),
    'updated_at',
  ).execute();

  let products = id(create('products'))
    .addColumn('category_id', 'integer', (c) => c.references('categories.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subtitle', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'));
  products = flag(products, 'on_shelf', 1)
    .addColumn('min_price_fen', 'bigint', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`min_price_fen >= 0`),
    )
    .addColumn('max_price_fen', 'bigint', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`max_price_fen >= min_price_fen`),
    )
    .addColumn('cover_image', 'text')
    .addColumn('sales_count', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`sales_count >= 0`),
    )
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0));
  await time(time(time(products, 'created_at'), 'updated_at'), 'deleted_at', true).execute();
  await db.schema
    .createIndex('products_category_idx')
    .on('products')
    .columns(['category_id', 'id'])
    .execute();

  await id(create('product_images'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('product_images_product_idx')
    .on('product_images')
    .columns(['product_id', 'sort_order'])
    .execute();

  const skus = id(create('skus'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('cascade'))
    .addColumn('spec', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('spec_key', 'text', (c) => c.notNull())
    .addColumn('price_fen', 'bigint', (c) => c.notNull().check(sql`price_fen >= 0`))
    .addColumn('stock', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`stock >= 0`),
    )
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0));
  await time(time(time(skus, 'created_at'), 'updated_at'), 'deleted_at', true).execute();
  await db.schema
    .createIndex('skus_product_spec_uniq')
    .on('skus')
    .columns(['product_id', 'spec_key'])
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();

  await time(
    time(
      id(create('search_synonyms')).addColumn('terms', 'text', (c) => c.notNull()),
      'created_at',
    ),
    'updated_at',
  ).execute();

  // ---- fans ----
  let fans = id(create('fans'))
    .addColumn('openid', 'text', (c) => c.notNull().unique())
    .addColumn('unionid', 'text')
    .addColumn('nickname', 'text')
    .addColumn('avatar_url', 'text');
  fans = flag(fans, 'subscribed', 0).addColumn('subscribe_scene', 'text');
  fans = time(time(fans, 'subscribed_at', true), 'unsubscribed_at', true);
  await time(time(fans, 'first_seen_at'), 'last_seen_at').execute();
  await db.schema.createIndex('fans_unionid_idx').on('fans').column('unionid').execute();

  await time(
    id(create('fan_tags'))
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('wechat_tag_id', 'integer', (c) => c.unique()),
    'created_at',
  ).execute();
  await time(
    create('fan_tag_assignments')
      .addColumn('fan_id', 'integer', (c) => c.notNull().references('fans.id').onDelete('cascade'))
      .addColumn('tag_id', 'integer', (c) => c.notNull().references('fan_tags.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('fan_tag_assignments_pk', ['fan_id', 'tag_id']),
    'created_at',
  ).execute();
  await db.schema
    .createIndex('fan_tag_assignments_tag_idx')
    .on('fan_tag_assignments')
    .column('tag_id')
    .execute();

  // ---- stored balance: an account per fan and an append-only ledger ----
  await time(
    create('balance_accounts')
      .addColumn('fan_id', 'integer', (c) => c.primaryKey().references('fans.id'))
      .addColumn('balance_fen', 'bigint', (c) =>
        c
          .notNull()
          .defaultTo(0)
          .check(sql`balance_fen >= 0`),
      ),
    'updated_at',
  ).execute();
  await time(
    id(create('balance_ledger'))
      .addColumn('fan_id', 'integer', (c) => c.notNull().references('fans.id'))
      .addColumn('kind', 'text', (c) =>
        c.notNull().check(sql`kind in ('topup', 'spend', 'refund', 'adjustment')`),
      )
      .addColumn('amount_fen', 'bigint', (c) => c.notNull().check(sql`amount_fen <> 0`))
      .addColumn('balance_after_fen', 'bigint', (c) => c.notNull().check(sql`balance_after_fen >= 0`))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('reference', 'text', (c) => c.notNull().unique())
      .addColumn('order_id', 'integer'),
    'created_at',
  ).execute();
  await db.schema
    .createIndex('balance_ledger_fan_idx')
    .on('balance_ledger')
    .columns(['fan_id', 'id'])
    .execute();

  // ---- carts and orders ----
  await time(
    time(
      id(create('cart_items'))
        .addColumn('fan_id', 'integer', (c) => c.notNull().references('fans.id').onDelete('cascade'))
        .addColumn('sku_id', 'integer', (c) => c.notNull().references('skus.id').onDelete('cascade'))
        .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity between 1 and 99`))
        .addUniqueConstraint('cart_items_fan_sku_uniq', ['fan_id', 'sku_id']),
      'created_at',
    ),
    'updated_at',
  ).execute();

  let orders = id(create('orders'))
    .addColumn('order_no', 'text', (c) => c.notNull().unique())
    .addColumn('fan_id', 'integer', (c) => c.notNull().references('fans.id'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(sql`status in ('pending_payment', 'paid', 'shipped', 'completed', 'cancelled', 'refunded')`),
    )
    .addColumn('items_total_fen', 'bigint', (c) => c.notNull().check(sql`items_total_fen >= 0`))
    .addColumn('shipping_fen', 'bigint', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`shipping_fen >= 0`),
    )
    .addColumn('total_fen', 'bigint', (c) => c.notNull().check(sql`total_fen >= 0`))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('payment_method', 'text', (c) => c.check(sql`payment_method in ('balance', 'wechat_pay')`))
    .addColumn('carrier', 'text')
    .addColumn('tracking_no', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('request_hash', 'text')
    .addColumn('cancel_reason', 'text')
    .addUniqueConstraint('orders_fan_idempotency_uniq', ['fan_id', 'idempotency_key']);
  orders = time(time(orders, 'created_at'), 'updated_at');
  for (const column of [
    'expires_at',
    'paid_at',
    'shipped_at',
    'completed_at',
    'cancelled_at',
    'refunded_at',
  ]) {
    orders = time(orders, column, true);
  }
  await orders.execute();
  await db.schema.createIndex('orders_fan_idx').on('orders').columns(['fan_id', 'id']).execute();
  await db.schema.createIndex('orders_status_idx').on('orders').columns(['status', 'id']).execute();
  await db.schema.createIndex('orders_expiry_idx').on('orders').columns(['status', 'expires_at']).execute();

  await id(create('order_items'))
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('sku_id', 'integer', (c) => c.notNull().references('skus.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('image', 'text')
    .addColumn('price_fen', 'bigint', (c) => c.notNull().check(sql`price_fen >= 0`))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity >= 1`))
    .addColumn('subtotal_fen', 'bigint', (c) => c.notNull().check(sql`subtotal_fen >= 0`))
    .execute();
  await db.schema.createIndex('order_items_order_idx').on('order_items').column('order_id').execute();

  // ---- keyword replies, inbound messages, search log ----
  let rules = id(create('keyword_rules'))
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('match', 'text', (c) => c.notNull().check(sql`${sql.ref('match')} in ('exact', 'contains')`))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0));
  rules = flag(rules, 'enabled', 1).addColumn('reply', 'text', (c) => c.notNull());
  await time(time(rules, 'created_at'), 'updated_at').execute();

  await time(
    time(
      id(create('inbound_messages'))
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .addColumn('openid', 'text', (c) => c.notNull())
        .addColumn('msg_type', 'text', (c) => c.notNull())
        .addColumn('event', 'text')
        .addColumn('content', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('processing', 'done')`))
        .addColumn('reply', 'text'),
      'created_at',
    ),
    'updated_at',
  ).execute();
  await db.schema
    .createIndex('inbound_messages_created_idx')
    .on('inbound_messages')
    .column('created_at')
    .execute();

  await time(
    id(create('search_log'))
      .addColumn('query', 'text', (c) => c.notNull())
      .addColumn('normalized', 'text', (c) => c.notNull())
      .addColumn('hits', 'integer', (c) => c.notNull())
      .addColumn('openid', 'text')
      .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('chat', 'h5', 'admin')`)),
    'created_at',
  ).execute();
  await db.schema
    .createIndex('search_log_created_idx')
    .on('search_log')
    .columns(['created_at', 'normalized'])
    .execute();

  // ---- outbox ----
  let outbox = id(create('outbox'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('template', 'custom', 'mass')`))
    .addColumn('openid', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'sending', 'sent', 'failed')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0));
  outbox = time(time(outbox, 'next_attempt_at'), 'lease_until', true)
    .addColumn('last_errcode', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('wechat_msg_id', 'text')
    .addColumn('delivery_status', 'text');
  await time(time(time(outbox, 'created_at'), 'updated_at'), 'sent_at', true).execute();
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_wechat_msg_idx').on('outbox').column('wechat_msg_id').execute();

  await time(
    id(create('outbox_attempts'))
      .addColumn('outbox_id', 'integer', (c) => c.notNull().references('outbox.id').onDelete('cascade'))
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) =>
        c.notNull().check(sql`outcome in ('sent', 'retry', 'failed', 'paused')`),
      )
      .addColumn('errcode', 'integer')
      .addColumn('error', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull().defaultTo(0)),
    'created_at',
  ).execute();
  await db.schema
    .createIndex('outbox_attempts_outbox_idx')
    .on('outbox_attempts')
    .column('outbox_id')
    .execute();

  // ---- settings, staff, WeChat credentials, QR scenes ----
  await time(
    create('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull()),
    'updated_at',
  ).execute();

  let admins = id(create('admin_users'))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'staff')`))
    .addColumn('password_hash', 'text', (c) => c.notNull());
  admins = flag(admins, 'disabled', 0);
  await time(time(time(admins, 'created_at'), 'updated_at'), 'last_login_at', true).execute();

  await time(
    time(
      time(
        create('admin_sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'integer', (c) =>
            c.notNull().references('admin_users.id').onDelete('cascade'),
          )
          .addColumn('csrf_token', 'text', (c) => c.notNull()),
        'created_at',
      ),
      'expires_at',
    ),
    'last_seen_at',
  ).execute();
  await db.schema.createIndex('admin_sessions_user_idx').on('admin_sessions').column('user_id').execute();

  await time(
    time(
      create('login_throttle')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0)),
      'window_started_at',
    ),
    'locked_until',
    true,
  ).execute();

  await time(
    time(
      time(
        create('wechat_tokens')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull()),
        'expires_at',
      ),
      'refresh_lease_until',
      true,
    ),
    'updated_at',
  ).execute();

  let scenes = id(create('qr_scenes'))
    .addColumn('scene', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ticket', 'text')
    .addColumn('url', 'text');
  scenes = time(flag(scenes, 'permanent', 1), 'expires_at', true)
    .addColumn('follow_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('scan_count', 'integer', (c) => c.notNull().defaultTo(0));
  await time(scenes, 'created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [
    'qr_scenes',
    'wechat_tokens',
    'login_throttle',
    'admin_sessions',
    'admin_users',
    'settings',
    'outbox_attempts',
    'outbox',
    'search_log',
    'inbound_messages',
    'keyword_rules',
    'order_items',
    'orders',
    'cart_items',
    'balance_ledger',
    'balance_accounts',
    'fan_tag_assignments',
    'fan_tags',
    'fans',
    'search_synonyms',
    'skus',
    'product_images',
    'products',
    'categories',
  ];
  for (const table of tables) await db.schema.dropTable(table).execute();
}
