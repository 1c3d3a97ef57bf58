/**
 * Message sending endpoints: template, customer-service and mass messages.
 */
import { Hono } from 'hono';
import type { Store } from '../state.ts';
import {
  CustomSendSchema,
  MassByListSchema,
  MassByTagSchema,
  checkOpenidList,
  openidsForFilter,
  sendCustom,
  sendMass,
} from './broadcast.ts';
import { jsonWithBigIds, readBody, requireToken, wxOk } from './http.ts';
import { TemplateSendSchema, sendTemplate } from './template.ts';

export function messageRoutes(store: Store): Hono {
  const app = new Hono();

  app.post('/template/send', async (c) => {
    requireToken(c, store);
    const { msgid } = sendTemplate(store, await readBody(c, TemplateSendSchema));
    return jsonWithBigIds(c, { errcode: 0, errmsg: 'ok' }, { msgid });
  });

  app.post('/custom/send', async (c) => {
    requireToken(c, store);
    sendCustom(store, await readBody(c, CustomSendSchema));
    return wxOk(c);
  });

  app.post('/mass/sendall', async (c) => {
    requireToken(c, store);
    const input = await readBody(c, MassByTagSchema);
    const result = sendMass(store, input, openidsForFilter(store, input.filter));
    return c.json({
      errcode: 0,
      errmsg: 'send job submission success',
      msg_id: Number(result.msgId),
      msg_data_id: result.msgDataId,
    });
  });

  app.post('/mass/send', async (c) => {
    requireToken(c, store);
    const input = await readBody(c, MassByListSchema);
    checkOpenidList(input.touser);
    const result = sendMass(store, input, input.touser);
    return c.json({
      errcode: 0,
      errmsg: 'send job submission success',
      msg_id: Number(result.msgId),
      msg_data_id: result.msgDataId,
    });
  });

  return app;
}
