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
