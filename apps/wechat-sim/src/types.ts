/**
 * The shapes the simulator shows to tests and to the chat page (all JSON-friendly).
 */

export interface Fan {
  openid: string;
  nickname: string;
  subscribed: boolean;
  /** Unix seconds of the last follow. */
  subscribeTime: number | undefined;
  /** `ADD_SCENE_QR_CODE` after following through a parametric QR code, else `ADD_SCENE_SEARCH`. */
  subscribeScene: string;
  /** The QR scene string of the last follow through a parametric code ('' otherwise). */
  qrSceneStr: string;
  tagIds: number[];
  createdAt: string;
  /** Milliseconds; the customer-service 48-hour window starts here. */
  lastInteractionAt: number | undefined;
}

export interface NewsArticle {
  title: string;
  description: string;
  picUrl: string;
  url: string;
}

export interface TemplateLine {
  key: string;
  label: string;
  value: string;
}

interface ChatItemBase {
  id: number;
  at: string;
  from: 'fan' | 'account';
}

export type ChatItem = ChatItemBase &
  (
    | { type: 'text'; text: string }
    | { type: 'news'; articles: NewsArticle[] }
    | {
        type: 'template';
        msgid: string;
        templateId: string;
        title: string;
        url: string | undefined;
        data: Record<string, { value: string }>;
        lines: TemplateLine[];
      }
    | { type: 'event'; event: string; eventKey: string | undefined }
    /** A grey system line, e.g. WeChat's "该公众号暂时无法提供服务，请稍后再试". */
    | { type: 'notice'; text: string }
  );

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type ChatItemInput = DistributiveOmit<ChatItem, 'id' | 'at'>;

export interface ApiCall {
  id: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** The JSON body when it parsed, else the raw text ('' for none). */
  body: unknown;
  /** The errcode of the answer (0 for success), when it was JSON. */
  errcode: number | undefined;
  /** Set when a scripted fault answered (or delayed) this call. */
  fault: Fault | undefined;
}

export interface Delivery {
  id: number;
  at: string;
  kind: 'template' | 'custom' | 'mass';
  openid: string;
  clientMsgId: string | undefined;
  msgid: string;
  payload: unknown;
}

export interface Fault {
  /** HTTP status of the answer (default 200, or 502 with `html`). */
  status?: number;
  errcode?: number;
  errmsg?: string;
  /** Wait this long before answering (alone: then answer normally). */
  delayMs?: number;
  /** Answer an nginx-style HTML error page. */
  html?: boolean;
  /** Answer this raw body (e.g. truncated JSON). */
  body?: string;
  /** Handle the request (side effects happen), then reset the connection instead of answering. */
  destroy?: boolean;
  /** Handle the request first and only then answer with the fault (default: only for `destroy`). */
  processed?: boolean;
}

export interface FaultInput {
  path: string;
  times?: number;
  fault: Fault;
}

export interface FaultRule {
  path: string;
  remaining: number;
  fault: Fault;
}
