import type { DB } from '@weshop/db';
import { testDialects } from '@weshop/db/testing';
import { buildXml, parseIncomingMessage, parseWeChatXml } from '@weshop/wechat';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../deps.ts';
import { createTestApp } from '../testing.ts';
import type { TestApp } from '../testing.ts';
import { handleWeChatPost } from './gateway/inbound.ts';
import { MESSAGE_HANDLERS, answerMessage } from './handlers/answer-message.ts';
import type { HandledKind, HandledMessage } from './handlers/answer-message.ts';

/** One push of every kind, as WeChat sends it (the mapped type asks for a sample of each new kind). */
const SAMPLES: { [K in HandledKind]: Record<string, string> } = {
  text: { MsgType: 'text', Content: '连衣裙', MsgId: '1' },
  image: { MsgType: 'image', PicUrl: 'http://p/1.jpg', MediaId: 'm', MsgId: '2' },
  voice: { MsgType: 'voice', MediaId: 'm', Format: 'amr', MsgId: '3' },
  video: { MsgType: 'video', MediaId: 'm', ThumbMediaId: 't', MsgId: '4' },
  shortvideo: { MsgType: 'shortvideo', MediaId: 'm', ThumbMediaId: 't', MsgId: '5' },
  location: { MsgType: 'location', Location_X: '31.2', Location_Y: '121.4', Scale: '15', MsgId: '6' },
  link: { MsgType: 'link', Title: 't', Description: 'd', Url: 'http://l', MsgId: '7' },
  subscribe: { MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_spring' },
  unsubscribe: { MsgType: 'event', Event: 'unsubscribe' },
  scan: { MsgType: 'event', Event: 'SCAN', EventKey: 'spring', Ticket: 't' },
  click: { MsgType: 'event', Event: 'CLICK', EventKey: 'NEW_ARRIVALS' },
  view: { MsgType: 'event', Event: 'VIEW', EventKey: 'http://shop.test/shop/' },
  location_event: {
    MsgType: 'event',
    Event: 'LOCATION',
    Latitude: '31.2',
    Longitude: '121.4',
    Precision: '65',
  },
  template_send_job_finish: {
    MsgType: 'event',
    Event: 'TEMPLATESENDJOBFINISH',
    MsgID: '8',
    Status: 'success',
  },
  mass_send_job_finish: { MsgType: 'event', Event: 'MASSSENDJOBFINISH', MsgID: '9', Status: 'send success' },
  unknown: { MsgType: 'miniprogrampage', Title: 't' },
};

const KINDS = Object.keys(MESSAGE_HANDLERS) as HandledKind[];

let sent = 0;
function fieldsOf(kind: HandledKind): Record<string, string> {
  return {
    ToUserName: 'gh_test',
    FromUserName: `oKindsFan${String(++sent).padStart(19, '0')}`,
    CreateTime: String(Math.floor(Date.now() / 1000) + sent),
    ...SAMPLES[kind],
  };
}

function sample(kind: HandledKind): HandledMessage {
  const message = parseIncomingMessage(parseWeChatXml(buildXml(fieldsOf(kind))));
  expect(message.kind).toBe(kind);
  return message as HandledMessage;
}

/** The error each database raises for a write where only reads are allowed. */
function isReadOnlyRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_READONLY' || code === '25006';
}

describe.each(testDialects())('the message kinds table on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  }, 120_000);
  afterAll(() => t.close());

  /** Runs `work` in a transaction where the database refuses every write; rolled back. */
  async function withWritesRefused(work: (trx: DB) => Promise<unknown>): Promise<'read' | 'wrote'> {
    const rollback = new Error('rollback');
    try {
      await t.database.db.transaction().execute(async (trx) => {
        if (dialect === 'postgres') await sql`set transaction read only`.execute(trx);
        else await sql`pragma query_only = on`.execute(trx);
        try {
          await work(trx);
        } finally {
          if (dialect === 'sqlite') await sql`pragma query_only = off`.execute(trx);
        }
        throw rollback;
      });
    } catch (error) {
      if (error === rollback) return 'read';
      if (isReadOnlyRefusal(error)) return 'wrote';
      throw error;
    }
    throw new Error('unreachable');
  }

  it.each(KINDS)('%s: its handler writes exactly when its entry says writes', async (kind) => {
    const deps: AppDeps = { ...t.deps, searchLog: { push: () => {}, flush: async () => {} } };
    const outcome = await withWritesRefused((trx) => answerMessage({ ...deps, db: trx }, sample(kind)));
    expect(outcome).toBe(MESSAGE_HANDLERS[kind].writes ? 'wrote' : 'read');
  });

  it.each(KINDS)(
    '%s: the webhook takes the batched log exactly when its entry does not write',
    async (kind) => {
      const logged: string[] = [];
      const deps: AppDeps = {
        ...t.deps,
        inboundLog: {
          reply: (key, _entry, answer) => {
            logged.push(key);
            return answer();
          },
          flush: async () => {},
        },
      };
      const fields = fieldsOf(kind);
      const query = { timestamp: [fields.CreateTime!], nonce: ['1'] };
      const answer = await handleWeChatPost(deps, { query, body: buildXml(fields) });
      expect(answer.status).toBe(200);
      const claimed = await t.database.db
        .selectFrom('inbound_messages')
        .select('dedupe_key')
        .where('openid', '=', fields.FromUserName!)
        .execute();
      const writes = MESSAGE_HANDLERS[kind].writes;
      expect({ batched: logged.length, claimed: claimed.length }).toEqual(
        writes ? { batched: 0, claimed: 1 } : { batched: 1, claimed: 0 },
      );
    },
  );
});
