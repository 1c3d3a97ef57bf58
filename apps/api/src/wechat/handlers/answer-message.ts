/**
 * The dispatcher: one table from each kind of incoming message or event to its handler, and what the
 * pipeline (gateway/inbound.ts) must know about it. Every kind has an entry (the compiler checks),
 * and the pipeline reads nothing else: a kind marked `writes: false` is answered on the hot path
 * with the batched message log (gateway/inbound-log.ts) and outside any transaction; a kind marked
 * `writes: true` claims its message, acts and stores the reply in one transaction. So a handler
 * that writes must say so here, and message-kinds.test.ts fails when an entry says otherwise.
 */
import type { IncomingMessage, IncomingMessageKind, IncomingMessageOf } from '@weshop/wechat';
import type { AppDeps } from '../../deps.ts';
import { answerText } from './answer-text.ts';
import { answerScan, answerSubscribe, answerUnsubscribe, recordTemplateResult } from './events.ts';
import { answerClick } from './menu.ts';
import { SUCCESS } from './reply.ts';
import type { Reply } from './reply.ts';

/** Every kind the parser gives except `invalid`, which the pipeline refuses before dispatching. */
export type HandledKind = Exclude<IncomingMessageKind, 'invalid'>;
export type HandledMessage = Exclude<IncomingMessage, { kind: 'invalid' }>;

export interface MessageHandler<K extends HandledKind> {
  /**
   * True when handling writes to the database (beyond the message log): the message is then
   * claimed, handled and its reply stored in one transaction. False: handling only reads.
   */
  writes: boolean;
  /** WeChat shows one news card in a reply to a fan's message, up to eight in a reply to an event. */
  maxArticles: 1 | 8;
  handle(deps: AppDeps, message: IncomingMessageOf<K>): Promise<Reply>;
}

type HandlerTable = { [K in HandledKind]: MessageHandler<K> };

/** Kinds we take no action on: WeChat shows nothing. */
const answerNothing = (): Promise<Reply> => Promise.resolve(SUCCESS);

export const MESSAGE_HANDLERS: HandlerTable = {
  // A fan's messages.
  text: {
    writes: false,
    maxArticles: 1,
    handle: (deps, message) => answerText(deps, message.fromUserName, message.content),
  },
  image: { writes: false, maxArticles: 1, handle: answerNothing },
  voice: { writes: false, maxArticles: 1, handle: answerNothing },
  video: { writes: false, maxArticles: 1, handle: answerNothing },
  shortvideo: { writes: false, maxArticles: 1, handle: answerNothing },
  location: { writes: false, maxArticles: 1, handle: answerNothing },
  link: { writes: false, maxArticles: 1, handle: answerNothing },
  // Events.
  subscribe: { writes: true, maxArticles: 8, handle: answerSubscribe },
  scan: { writes: true, maxArticles: 8, handle: answerScan },
  unsubscribe: { writes: true, maxArticles: 8, handle: answerUnsubscribe },
  template_send_job_finish: { writes: true, maxArticles: 8, handle: recordTemplateResult },
  click: { writes: false, maxArticles: 8, handle: answerClick },
  view: { writes: false, maxArticles: 8, handle: answerNothing },
  location_event: { writes: false, maxArticles: 8, handle: answerNothing },
  mass_send_job_finish: { writes: false, maxArticles: 8, handle: answerNothing },
  unknown: { writes: false, maxArticles: 8, handle: answerNothing },
};

/** The table's entry for a kind. */
export function handlerFor<K extends HandledKind>(kind: K): MessageHandler<K> {
  return MESSAGE_HANDLERS[kind];
}

/** Answers one de-duplicated message with its kind's handler. */
export function answerMessage(deps: AppDeps, message: HandledMessage): Promise<Reply> {
  return dispatch(deps, message.kind, message);
}

function dispatch<K extends HandledKind>(
  deps: AppDeps,
  kind: K,
  message: IncomingMessageOf<K>,
): Promise<Reply> {
  return MESSAGE_HANDLERS[kind].handle(deps, message);
}
