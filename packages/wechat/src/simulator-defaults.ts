/**
 * Credentials of the local WeChat simulator (apps/wechat-sim). The API uses them in development when
 * no real WeChat credentials are configured, and the simulator uses the same ones, so the two
 * recognise each other's signatures out of the box. Never valid at WeChat.
 */
export const SIMULATOR_CREDENTIALS = {
  appId: 'wx5im0000000000001',
  secret: 'weshop-simulator-secret-0000000001',
  token: 'weshopSimulatorToken',
  /** 43 characters: the EncodingAESKey shape, so the simulator runs in safe (encrypted) mode. */
  aesKey: 'weshopSimulatorEncodingAesKey00000000000000',
  ghId: 'gh_weshop_sim',
} as const;

export const SIMULATOR_DEFAULT_PORT = 3001;

/**
 * Template ids the API uses with the simulator when WECHAT_TEMPLATE_* are unset, so the demo's
 * notifications reach the simulator's chat; the simulator titles and labels their cards. The keys are
 * those of the default field mappings (@weshop/core DEFAULT_SHIPPED_FIELDS / DEFAULT_BALANCE_FIELDS).
 */
export const SIMULATOR_TEMPLATES = {
  shipped: {
    id: 'sim_tpl_order_shipped',
    title: '订单发货通知',
    labels: {
      character_string2: '订单号',
      thing4: '商品',
      thing13: '快递公司',
      character_string14: '快递单号',
      time12: '发货时间',
    },
  },
  balance: {
    id: 'sim_tpl_balance_changed',
    title: '余额变动通知',
    labels: { amount1: '变动金额', amount2: '当前余额', thing3: '变动原因', time4: '变动时间' },
  },
} as const;
