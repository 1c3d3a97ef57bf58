/* The account's custom menu under the input bar: top-level buttons, sub-menus open as a popup. */
import { el } from './dom.js';

/**
 * Renders `menu` (menu/create's `button` list) into `bar`. `openIndex` is the top-level button whose
 * sub-menu is open (-1 for none); `onToggle(index)` opens/closes it, `onPress(button)` runs a leaf.
 */
export function renderMenu(bar, menu, openIndex, onToggle, onPress) {
  bar.hidden = !menu || menu.length === 0;
  bar.replaceChildren();
  (menu || []).forEach((top, index) => {
    const subs = top.sub_button || [];
    const onclick = () => (subs.length > 0 ? onToggle(index) : onPress(top));
    const item = el('div', { className: 'menu-item' }, [
      el('button', { type: 'button', className: subs.length ? 'has-sub' : '', text: top.name, onclick }),
    ]);
    if (subs.length > 0 && openIndex === index) {
      const buttons = subs.map((sub) =>
        el('button', { type: 'button', text: sub.name, onclick: () => onPress(sub) }),
      );
      item.append(el('div', { className: 'submenu' }, buttons));
    }
    bar.append(item);
  });
}
