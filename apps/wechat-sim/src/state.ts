/**
 * Everything the simulated WeChat remembers: fans and their chats, tokens, tags, QR tickets, the menu,
 * OAuth codes, template/mass de-duplication, and the test log (API calls, deliveries, scripted faults).
 * Plain in-memory data; `reset()` empties it.
 */
import type { ChatItem, ChatItemInput, Delivery, Fan, FaultInput, FaultRule, ApiCall } from './types.ts';
import type { ResolvedSimOptions } from './options.ts';

export interface TokenRecord {
  kind: 'stable' | 'classic';
  expiresAt: number;
  /** Set when a newer token replaced this one; it stops working at this time. */
  revokedAt?: number;
}

export interface QrTicket {
  ticket: string;
  actionName: string;
  scene: string;
  expiresAt?: number;
}

export interface OAuthCode {
  openid: string;
  scope: string;
  expiresAt: number;
  used: boolean;
}

export interface SnsToken {
  openid: string;
  scope: string;
  expiresAt: number;
}

interface Data {
  fans: Map<string, Fan>;
  chats: Map<string, ChatItem[]>;
  tokens: Map<string, TokenRecord>;
  currentStable: string | undefined;
  currentClassic: string | undefined;
  jsapiTicket: { value: string; expiresAt: number } | undefined;
  tags: Map<number, { id: number; name: string }>;
  nextTagId: number;
  qrTickets: Map<string, QrTicket>;
  menu: unknown[] | undefined;
  oauthCodes: Map<string, OAuthCode>;
  snsTokens: Map<string, SnsToken>;
  snsRefreshTokens: Map<string, SnsToken>;
  templateSent: Map<string, { msgid: string; at: number }>;
  massSent: Map<string, { msgId: string; at: number }>;
  calls: ApiCall[];
  deliveries: Delivery[];
  faults: FaultRule[];
  nextId: number;
  /** Added to the injected clock (POST /__sim/clock). */
  clockOffsetMs: number;
  /** Template messages a day; undefined: unlimited. */
  templateDailyQuota: number | undefined;
  /** Template deliveries per Beijing day ('2026-01-01' → count). */
  templateSentPerDay: Map<string, number>;
}

function emptyData(): Data {
  return {
    fans: new Map(),
    chats: new Map(),
    tokens: new Map(),
    currentStable: undefined,
    currentClassic: undefined,
    jsapiTicket: undefined,
    tags: new Map(),
    nextTagId: 100,
    qrTickets: new Map(),
    menu: undefined,
    oauthCodes: new Map(),
    snsTokens: new Map(),
    snsRefreshTokens: new Map(),
    templateSent: new Map(),
    massSent: new Map(),
    calls: [],
    deliveries: [],
    faults: [],
    nextId: 1,
    clockOffsetMs: 0,
    templateDailyQuota: undefined,
    templateSentPerDay: new Map(),
  };
}

const MAX_CALLS = 5000;
const MAX_CHAT_ITEMS = 500;

export type Store = ReturnType<typeof createStore>;

export function createStore(options: ResolvedSimOptions) {
  const fresh = (): Data => ({ ...emptyData(), templateDailyQuota: options.templateDailyQuota });
  let data = fresh();
  const now = () => options.now() + data.clockOffsetMs;
  return {
    options,
    get data(): Data {
      return data;
    },
    now,
    nowSeconds(): number {
      return Math.floor(now() / 1000);
    },
    isoNow(): string {
      return new Date(now()).toISOString();
    },
    /** Moves the sim's clock forward (tokens, codes and de-duplication windows expire). */
    advanceClock(ms: number): number {
      data.clockOffsetMs += ms;
      return now();
    },
    nextId(): number {
      return data.nextId++;
    },
    reset(): void {
      data = fresh();
    },
    addChat(openid: string, item: ChatItemInput): ChatItem {
      const full = { ...item, id: data.nextId++, at: new Date(now()).toISOString() } as ChatItem;
      const list = data.chats.get(openid) ?? [];
      list.push(full);
      if (list.length > MAX_CHAT_ITEMS) list.splice(0, list.length - MAX_CHAT_ITEMS);
      data.chats.set(openid, list);
      return full;
    },
    chat(openid: string): ChatItem[] {
      return [...(data.chats.get(openid) ?? [])];
    },
    recordCall(call: Omit<ApiCall, 'id'>): ApiCall {
      const full: ApiCall = { id: data.nextId++, ...call };
      data.calls.push(full);
      if (data.calls.length > MAX_CALLS) data.calls.splice(0, data.calls.length - MAX_CALLS);
      return full;
    },
    calls(path?: string): ApiCall[] {
      return path === undefined ? [...data.calls] : data.calls.filter((call) => call.path === path);
    },
    recordDelivery(delivery: Omit<Delivery, 'id' | 'at'>): Delivery {
      const full: Delivery = { id: data.nextId++, at: new Date(now()).toISOString(), ...delivery };
      data.deliveries.push(full);
      return full;
    },
    deliveries(): Delivery[] {
      return [...data.deliveries];
    },
    addFault(input: FaultInput): FaultRule {
      const rule: FaultRule = { path: input.path, remaining: input.times ?? 1, fault: { ...input.fault } };
      data.faults.push(rule);
      return rule;
    },
    clearFaults(): void {
      data.faults = [];
    },
    faults(): FaultRule[] {
      return data.faults.map((rule) => ({ ...rule, fault: { ...rule.fault } }));
    },
    /** Consumes one use of the first pending fault scripted for this path. */
    takeFault(path: string): FaultRule['fault'] | undefined {
      const rule = data.faults.find((candidate) => candidate.path === path && candidate.remaining > 0);
      if (!rule) return undefined;
      rule.remaining -= 1;
      if (rule.remaining <= 0) data.faults = data.faults.filter((candidate) => candidate !== rule);
      return rule.fault;
    },
  };
}
