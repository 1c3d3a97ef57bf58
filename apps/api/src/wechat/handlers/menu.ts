import type { Menu } from '@weshop/core';
import { getSetting } from '@weshop/db';
import type { AppDeps } from '../../deps.ts';
import { absoluteUrl } from './reply.ts';

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
