/**
 * Issue 16, through the real webhook on the demo shop: the card's N is the number of true matches
 * (packages/db/src/search/judged/judged-set.ts judges them), never products that only mention the
 * word in a description.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '@weshop/db/seed';
import { testDialects } from '@weshop/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sendFanText } from '../../testing.ts';
import type { TestApp } from '../../testing.ts';

let seq = 0;

/** The demo's 11 dresses on shelf: 10 in the 连衣裙 category and the baby girls' 碎花连衣裙. */
const DRESSES = 11;
/** The 5 skirts of 裤装半身裙. */
const SKIRTS = 5;

describe.each(testDialects())('the chat card counts true matches on %s', (dialect) => {
  let t: TestApp;
  let uploads: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    uploads = mkdtempSync(join(tmpdir(), 'weshop-card-'));
    await seedDemo(t.database.db, { uploadDir: uploads });
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(uploads, { recursive: true, force: true });
  });

  async function cardTitle(content: string): Promise<string> {
    const reply = await sendFanText(t, content, {
      openid: 'oCardFan000000000000000000001',
      msgId: String(6_000_000_000 + ++seq),
    });
    expect(reply.MsgType).toBe('news');
    return (reply.Articles as { item: Record<string, string> }).item.Title ?? '';
  }

  it.each([
    ['连衣裙', DRESSES],
    ['dress', DRESSES],
    ['連衣裙', DRESSES],
    ['lianyiqun', DRESSES],
    ['dres', DRESSES],
    ['裙子', DRESSES + SKIRTS],
  ])('answers %j with N = %i', async (query, count) => {
    // The card quotes the normalised query (連衣裙 as 连衣裙).
    expect(await cardTitle(query)).toMatch(new RegExp(`^为你找到 ${count} 件「.+」$`));
  });
});
