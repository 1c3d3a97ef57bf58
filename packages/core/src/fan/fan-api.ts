/** The fan's own routes in the shop: who am I, and the WeChat JS-SDK configuration of a page. */
import { z } from 'zod';

export const MeSchema = z
  .object({
    openid: z.string(),
    nickname: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    subscribed: z.boolean(),
    balanceFen: z.int().min(0),
    /** WeChat's snapshot-page virtual user: can browse, cannot order. */
    snapshotUser: z.boolean(),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof MeSchema>;

/** The page to sign: a URL of this shop; its #fragment is dropped before signing. */
export const JsSdkQuerySchema = z.object({ url: z.string().min(1).max(1024) });

/** The parameters of `wx.config`. */
export const JsSdkConfigSchema = z
  .object({
    appId: z.string(),
    timestamp: z.int(),
    nonceStr: z.string(),
    signature: z.string(),
    jsApiList: z.array(z.string()),
  })
  .meta({ id: 'JsSdkConfig' });
export type JsSdkConfig = z.infer<typeof JsSdkConfigSchema>;
