import { z } from 'zod';

/**
 * Shop settings live in one key/value table; each key has a schema here. Later issues add keys
 * (template field mappings, menu, welcome cards) without a migration.
 */
export const ShopProfileSchema = z
  .object({
    name: z.string().min(1).max(30),
    /** Shown in the H5 shop header and the welcome text. */
    slogan: z.string().max(60),
    servicePhone: z.string().max(20),
  })
  .meta({ id: 'ShopProfile' });
export type ShopProfile = z.infer<typeof ShopProfileSchema>;

export const SETTING_SCHEMAS = {
  shop_profile: ShopProfileSchema,
} as const;
export type SettingKey = keyof typeof SETTING_SCHEMAS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTING_SCHEMAS)[K]>;

export const DEFAULT_SETTINGS: { [K in SettingKey]: SettingValue<K> } = {
  shop_profile: { name: '微店小铺', slogan: '为你挑好物', servicePhone: '' },
};
