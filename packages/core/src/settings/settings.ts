import { z } from 'zod';
import { text } from '../common.ts';
import { recordKey } from '../own-keys.ts';
import { linkUrl } from '../url/link-url.ts';
import {
  BalanceFieldMappingSchema,
  DEFAULT_BALANCE_FIELDS,
  DEFAULT_SHIPPED_FIELDS,
  ShippedFieldMappingSchema,
} from '../notify/template-values.ts';

/**
 * Shop settings live in one key/value table; each key has a schema here. Later issues add keys
 * (template field mappings, menu) without a migration.
 */
export const ShopProfileSchema = z
  .object({
    name: text(1, 30),
    /** Shown in the H5 shop header and the welcome text. */
    slogan: text(0, 60),
    servicePhone: text(0, 20).regex(/^[0-9+\-() ]*$/, { error: 'must be a phone number' }),
  })
  .meta({ id: 'ShopProfile' });
export type ShopProfile = z.infer<typeof ShopProfileSchema>;

/**
 * A news card. `url` and `picUrl` may be paths on this server (`/shop/…`, `/uploads/…`): the
 * gateway makes them absolute under PUBLIC_URL.
 */
export const ArticleSchema = z
  .object({
    title: text(1, 64),
    description: text(0, 120).default(''),
    picUrl: linkUrl(0, 500).default(''),
    url: linkUrl(1, 500),
  })
  .meta({ id: 'Article' });
export type Article = z.infer<typeof ArticleSchema>;

/** A configured reply: text, or up to 8 news cards (WeChat allows 8 for event replies). */
export const ConfiguredReplySchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('text'), text: text(1, 600) }),
    z.object({ type: z.literal('news'), articles: z.array(ArticleSchema).min(1).max(8) }),
  ])
  .meta({ id: 'ConfiguredReply' });
export type ConfiguredReply = z.infer<typeof ConfiguredReplySchema>;

/** What a follow (or a scan by a follower) is answered with. */
export const WelcomeSchema = ConfiguredReplySchema;

/** A menu CLICK key (WeChat allows 128 bytes): text, and never `__proto__` (no record can hold it). */
const MenuKeySchema = recordKey(text(1, 128));

/** Menu CLICK keys → replies. */
export const MenuRepliesSchema = z.record(MenuKeySchema, ConfiguredReplySchema);

/** A custom-menu button as WeChat takes it; `url` may be a path on this server. */
const MenuLeafSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('view'), name: text(1, 8), url: linkUrl(1, 1000) }),
  z.object({ type: z.literal('click'), name: text(1, 8), key: MenuKeySchema }),
]);
export const MenuSchema = z
  .object({
    button: z
      .array(
        z.union([
          MenuLeafSchema,
          z.object({ name: text(1, 8), sub_button: z.array(MenuLeafSchema).min(1).max(5) }),
        ]),
      )
      .min(1)
      .max(3),
  })
  .meta({ id: 'Menu' });
export type Menu = z.infer<typeof MenuSchema>;

/** A template id set here wins over WECHAT_TEMPLATE_*; null keeps the environment's. WeChat's are base64url. */
const TemplateIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'must be a template id (letters, digits, "_" and "-")' })
  .nullable();

/**
 * The two template notifications: which template of the account to use and which of its keys holds
 * each value (the keys differ between templates picked from WeChat's library).
 */
export const NotificationTemplatesSchema = z
  .object({
    shipped: z.object({ templateId: TemplateIdSchema, fields: ShippedFieldMappingSchema }),
    balance: z.object({ templateId: TemplateIdSchema, fields: BalanceFieldMappingSchema }),
  })
  .meta({ id: 'NotificationTemplates' });
export type NotificationTemplates = z.infer<typeof NotificationTemplatesSchema>;

export const SETTING_SCHEMAS = {
  menu: MenuSchema,
  shop_profile: ShopProfileSchema,
  welcome: WelcomeSchema,
  menu_replies: MenuRepliesSchema,
  /** The reply to a text message nothing else answers. */
  text_help: ConfiguredReplySchema,
  notification_templates: NotificationTemplatesSchema,
} as const;
export type SettingKey = keyof typeof SETTING_SCHEMAS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTING_SCHEMAS)[K]>;

export const DEFAULT_SETTINGS: { [K in SettingKey]: SettingValue<K> } = {
  shop_profile: { name: '微店小铺', slogan: '为你挑好物', servicePhone: '' },
  welcome: {
    type: 'news',
    articles: [
      {
        title: '欢迎关注！新人好物已为你备好',
        description: '回复「连衣裙」「口红」等关键词找商品，或点这里进入商城逛逛。',
        picUrl: '/uploads/demo/p1-1.jpg',
        url: '/shop/',
      },
    ],
  },
  menu: {
    button: [
      { type: 'view', name: '进入商城', url: '/oauth/wechat?redirect=/shop/' },
      {
        name: '找好物',
        sub_button: [
          { type: 'click', name: '连衣裙', key: 'SEARCH_DRESS' },
          { type: 'click', name: '口红', key: 'SEARCH_LIPSTICK' },
          { type: 'view', name: '我的订单', url: '/oauth/wechat?redirect=/shop/orders' },
        ],
      },
      { type: 'click', name: '联系客服', key: 'CONTACT' },
    ],
  },
  menu_replies: {
    SEARCH_DRESS: { type: 'text', text: '回复「连衣裙」或「dress」，马上为你找到当季连衣裙。' },
    SEARCH_LIPSTICK: { type: 'text', text: '回复「口红」或「lipstick」，看看本季热门色号。' },
    CONTACT: { type: 'text', text: '客服在线时间：每天 9:00–21:00。直接在这里留言，我们会尽快回复你。' },
  },
  notification_templates: {
    shipped: { templateId: null, fields: DEFAULT_SHIPPED_FIELDS },
    balance: { templateId: null, fields: DEFAULT_BALANCE_FIELDS },
  },
  text_help: {
    type: 'text',
    text: '你好！回复商品关键词（如「连衣裙」「口红」「dress」）就能找到商品，也可以点击下方菜单进入商城。',
  },
};
