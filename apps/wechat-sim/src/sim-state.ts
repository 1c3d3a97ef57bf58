/**
 * The in-process face of the simulator for tests: the same operations as the /__sim endpoints.
 */
import { clickMenu, createFan, follow, sendText, unfollow, viewMenu } from './fans/actions.ts';
import type { CreateFanInput, FanActionResult } from './fans/actions.ts';
import type { ResolvedSimOptions } from './options.ts';
import type { QrTicket, Store } from './state.ts';
import { getStableToken } from './tokens.ts';
import type { ApiCall, ChatItem, Delivery, Fan, FaultInput, FaultRule } from './types.ts';

export interface SimState {
  readonly options: ResolvedSimOptions;
  /** The sim's clock, in milliseconds. */
  now(): number;
  /** Moves the sim's clock forward; answers the new time. */
  advanceClock(ms: number): number;
  /** Template messages allowed per (Beijing) day before 45009; undefined for unlimited. */
  setTemplateDailyQuota(quota: number | undefined): void;
  addFault(input: FaultInput): FaultRule;
  clearFaults(): void;
  faults(): FaultRule[];
  /** Every API call, optionally only those to one path. */
  calls(path?: string): ApiCall[];
  /** Template, customer-service and mass messages delivered to fans (API calls are counted apart). */
  deliveries(): Delivery[];
  reset(): void;
  createFan(input?: CreateFanInput): Fan;
  fans(): Fan[];
  fan(openid: string): Fan | undefined;
  chat(openid: string): ChatItem[];
  follow(openid: string, via?: { scene?: string; ticket?: string }): Promise<FanActionResult>;
  unfollow(openid: string): Promise<FanActionResult>;
  sendText(openid: string, text: string): Promise<FanActionResult & { msgId: string }>;
  click(openid: string, key: string): Promise<FanActionResult>;
  view(openid: string, url: string): Promise<FanActionResult>;
  /** The current stable access_token (issued if needed), without an API call. */
  issueAccessToken(): string;
  menu(): unknown[] | undefined;
  tags(): { id: number; name: string }[];
  qrTickets(): QrTicket[];
}

export function createSimState(store: Store): SimState {
  return {
    options: store.options,
    now: () => store.now(),
    advanceClock: (ms) => store.advanceClock(ms),
    setTemplateDailyQuota: (quota) => {
      store.data.templateDailyQuota = quota;
    },
    addFault: (input) => store.addFault(input),
    clearFaults: () => store.clearFaults(),
    faults: () => store.faults(),
    calls: (path) => store.calls(path),
    deliveries: () => store.deliveries(),
    reset: () => store.reset(),
    createFan: (input) => createFan(store, input),
    fans: () => [...store.data.fans.values()],
    fan: (openid) => store.data.fans.get(openid),
    chat: (openid) => store.chat(openid),
    follow: (openid, via) => follow(store, openid, via),
    unfollow: (openid) => unfollow(store, openid),
    sendText: (openid, text) => sendText(store, openid, text),
    click: (openid, key) => clickMenu(store, openid, key),
    view: (openid, url) => viewMenu(store, openid, url),
    issueAccessToken: () => getStableToken(store, false).access_token,
    menu: () => store.data.menu,
    tags: () => [...store.data.tags.values()].map((tag) => ({ ...tag })),
    qrTickets: () => [...store.data.qrTickets.values()],
  };
}
