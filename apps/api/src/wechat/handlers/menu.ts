/**
 * The custom menu: what its click buttons answer (settings `menu_replies`, by EventKey) and sending
 * the menu itself to WeChat. View buttons open a page and need no answer.
 */
import { ownValue } from '@weshop/core';
import type { Menu } from '@weshop/core';
import { getSetting } from '@weshop/db';
import type { IncomingMessageOf } from '@weshop/wechat';
import type { AppDeps } from '../../deps.ts';
import { SUCCESS, absoluteUrl } from './reply.ts';
import type { Reply } from './reply.ts';

/** A click on a menu button: the reply staff configured for its key, or nothing. Reads only. */
export async function answerClick(deps: AppDeps, message: IncomingMessageOf<'click'>): Promise<Reply> {
  const replies = await getSetting(deps.db, 'menu_replies');
  // EventKey is the fan's (any string): `constructor` or `toString` must not find Object.prototype's.
  return ownValue(replies, message.eventKey) ?? SUCCESS;
}

/** The configured menu with every path made absolute under PUBLIC_URL, as WeChat requires. */
export function absoluteMenu(menu: Menu, publicUrl: string): Menu {
  return {
    button: menu.button.map((button) =>
      'sub_button' in button
        ? {
            ...button,
            sub_button: button.sub_button.map((leaf) =>
              leaf.type === 'view' ? { ...leaf, url: absoluteUrl(publicUrl, leaf.url) } : leaf,
            ),
          }
        : button.type === 'view'
          ? { ...button, url: absoluteUrl(publicUrl, button.url) }
          : button,
    ),
  };
}

/** Sends the configured custom menu to WeChat (or the simulator). Network call: never inside a transaction. */
export async function publishMenu(deps: Pick<AppDeps, 'db' | 'config' | 'wechat'>): Promise<void> {
  const menu = await getSetting(deps.db, 'menu');
  await deps.wechat.client.createMenu(absoluteMenu(menu, deps.config.publicUrl));
}
