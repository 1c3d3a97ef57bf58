import { describe, expect, it } from 'vitest';

import { dedupeKey, parseIncomingMessage } from './messages.ts';
import type { IncomingMessage } from './messages.ts';
import { parseWeChatXml } from './xml.ts';

const HEAD =
  '<ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oUser1]]></FromUserName>';

function parse(inner: string, createTime = '1409735668'): IncomingMessage {
  return parseIncomingMessage(
    parseWeChatXml(`<xml>${HEAD}<CreateTime>${createTime}</CreateTime>${inner}</xml>`),
  );
}

const event = (name: string, extra = ''): string =>
  `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${name}]]></Event>${extra}`;

describe('parseIncomingMessage: messages', () => {
  it('reads a text message with the common fields and keeps MsgId a string', () => {
    const message = parse(
      '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[ 007 ]]></Content><MsgId>6054768590064713728</MsgId>',
    );
    expect(message).toMatchObject({
      kind: 'text',
      toUserName: 'gh_10f6c3c3ac5a',
      fromUserName: 'oUser1',
      createTime: 1409735668,
      msgId: '6054768590064713728',
      content: ' 007 ',
    });
    expect(message.raw['MsgType']).toBe('text');
  });

  it('keeps whitespace-only content and the article fields of a text message', () => {
    const message = parse(
      '<MsgType>text</MsgType><Content>   </Content><MsgId>1</MsgId><MsgDataId>9</MsgDataId><Idx>2</Idx>',
    );
    expect(message).toMatchObject({ kind: 'text', content: '   ', msgDataId: '9', idx: '2' });
  });

  it.each([
    ['image', '<PicUrl>http://p</PicUrl><MediaId>m1</MediaId>', { picUrl: 'http://p', mediaId: 'm1' }],
    [
      'voice',
      '<MediaId>m1</MediaId><Format>amr</Format><Recognition>你好</Recognition>',
      { format: 'amr', recognition: '你好' },
    ],
    ['video', '<MediaId>m1</MediaId><ThumbMediaId>t1</ThumbMediaId>', { mediaId: 'm1', thumbMediaId: 't1' }],
    ['shortvideo', '<MediaId>m1</MediaId><ThumbMediaId>t1</ThumbMediaId>', { thumbMediaId: 't1' }],
    [
      'location',
      '<Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale><Label><![CDATA[]]></Label>',
      { latitude: '23.134521', longitude: '113.358803', scale: '20', label: '' },
    ],
    [
      'link',
      '<Title>t</Title><Description>d</Description><Url>https://u</Url>',
      { title: 't', description: 'd', url: 'https://u' },
    ],
  ])('reads a %s message', (kind, fields, expected) => {
    expect(parse(`<MsgType>${kind}</MsgType><MsgId>42</MsgId>${fields}`)).toMatchObject({
      kind,
      msgId: '42',
      ...expected,
    });
  });
});

describe('parseIncomingMessage: events', () => {
  it('reads a plain subscribe with an empty EventKey', () => {
    expect(parse(event('subscribe', '<EventKey><![CDATA[]]></EventKey>'))).toMatchObject({
      kind: 'subscribe',
      eventKey: '',
      scene: null,
    });
    expect(parse(event('subscribe'))).toMatchObject({ kind: 'subscribe', scene: null });
  });

  it('reads a QR subscribe and strips the qrscene_ prefix', () => {
    const message = parse(event('subscribe', '<EventKey>qrscene_123</EventKey><Ticket>T</Ticket>'));
    expect(message).toMatchObject({ kind: 'subscribe', eventKey: 'qrscene_123', scene: '123', ticket: 'T' });
  });

  it('reads SCAN with the bare scene', () => {
    expect(parse(event('SCAN', '<EventKey>123</EventKey><Ticket>T</Ticket>'))).toMatchObject({
      kind: 'scan',
      scene: '123',
      ticket: 'T',
    });
  });

  it.each([
    [event('unsubscribe', '<EventKey></EventKey>'), { kind: 'unsubscribe' }],
    [event('CLICK', '<EventKey>MENU_HOT</EventKey>'), { kind: 'click', eventKey: 'MENU_HOT' }],
    [
      event('VIEW', '<EventKey>https://shop</EventKey><MenuId>7</MenuId>'),
      { kind: 'view', eventKey: 'https://shop', menuId: '7' },
    ],
    [
      event('LOCATION', '<Latitude>23.1</Latitude><Longitude>113.3</Longitude><Precision>119.3</Precision>'),
      { kind: 'location_event', latitude: '23.1', longitude: '113.3', precision: '119.3' },
    ],
    [
      event('TEMPLATESENDJOBFINISH', '<MsgID>200163836</MsgID><Status>failed: system failed</Status>'),
      { kind: 'template_send_job_finish', msgId: '200163836', status: 'failed: system failed' },
    ],
    [
      event(
        'MASSSENDJOBFINISH',
        '<MsgID>1988</MsgID><Status>send success</Status><TotalCount>100</TotalCount><FilterCount>80</FilterCount>' +
          '<SentCount>75</SentCount><ErrorCount>5</ErrorCount><ArticleUrlResult><Count>1</Count></ArticleUrlResult>',
      ),
      {
        kind: 'mass_send_job_finish',
        msgId: '1988',
        status: 'send success',
        totalCount: 100,
        sentCount: 75,
        errorCount: 5,
      },
    ],
  ])('reads event %#', (inner, expected) => {
    expect(parse(inner)).toMatchObject(expected);
  });
});

describe('parseIncomingMessage: unknown and invalid', () => {
  it.each([
    ['<MsgType>miniprogrampage</MsgType><MsgId>1</MsgId>', { kind: 'unknown', msgType: 'miniprogrampage' }],
    ['<MsgType>foo</MsgType>', { kind: 'unknown', msgType: 'foo' }],
    ['<MsgType>__proto__</MsgType>', { kind: 'unknown', msgType: '__proto__' }],
    [event('kf_create_session'), { kind: 'unknown', msgType: 'event', event: 'kf_create_session' }],
    [event('constructor'), { kind: 'unknown', event: 'constructor' }],
  ])('returns unknown for %s', (inner, expected) => {
    expect(parse(inner)).toMatchObject(expected);
  });

  it.each([
    [
      'missing FromUserName',
      '<xml><ToUserName>gh</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>',
    ],
    [
      'missing ToUserName',
      '<xml><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>',
    ],
    ['missing CreateTime', `<xml>${HEAD}<MsgType>text</MsgType><Content>a</Content><MsgId>1</MsgId></xml>`],
    ['a non-digit CreateTime', `<xml>${HEAD}<CreateTime>1e9</CreateTime><MsgType>foo</MsgType></xml>`],
    [
      'a nested FromUserName',
      '<xml><ToUserName>gh</ToUserName><FromUserName><a>o</a></FromUserName><CreateTime>1</CreateTime><MsgType>foo</MsgType></xml>',
    ],
    ['missing MsgType', `<xml>${HEAD}<CreateTime>1</CreateTime></xml>`],
    ['an event without Event', `<xml>${HEAD}<CreateTime>1</CreateTime><MsgType>event</MsgType></xml>`],
    [
      'text without Content',
      `<xml>${HEAD}<CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>1</MsgId></xml>`,
    ],
    [
      'text without MsgId',
      `<xml>${HEAD}<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>a</Content></xml>`,
    ],
    ['CLICK without EventKey', `<xml>${HEAD}<CreateTime>1</CreateTime>${event('CLICK')}</xml>`],
    [
      'a non-digit TotalCount',
      `<xml>${HEAD}<CreateTime>1</CreateTime>${event('MASSSENDJOBFINISH', '<MsgID>1</MsgID><Status>s</Status><TotalCount>x</TotalCount>')}</xml>`,
    ],
  ])('returns invalid with a reason for %s', (_name, body) => {
    const message = parseIncomingMessage(parseWeChatXml(body));
    expect(message.kind).toBe('invalid');
    if (message.kind === 'invalid') expect(message.reason).not.toBe('');
  });

  it('never throws on odd field shapes', () => {
    const fields = { ToUserName: ['a', 'b'], FromUserName: { x: 'y' }, CreateTime: '1', MsgType: 'text' };
    expect(parseIncomingMessage(fields).kind).toBe('invalid');
    expect(parseIncomingMessage({}).kind).toBe('invalid');
  });
});

describe('dedupeKey', () => {
  it('uses MsgId for messages', () => {
    expect(
      dedupeKey(parse('<MsgType>text</MsgType><Content>a</Content><MsgId>6054768590064713728</MsgId>')),
    ).toBe('msg:6054768590064713728');
  });

  it('gives the same subscribe twice one key and subscribe + SCAN in one second two keys', () => {
    const subscribe = dedupeKey(parse(event('subscribe', '<EventKey>qrscene_1</EventKey>'), '100'));
    const again = dedupeKey(parse(event('subscribe', '<EventKey>qrscene_1</EventKey>'), '100'));
    const scan = dedupeKey(parse(event('SCAN', '<EventKey>1</EventKey>'), '100'));
    expect(subscribe).toBe('evt:oUser1:100:subscribe:qrscene_1');
    expect(again).toBe(subscribe);
    expect(scan).toBe('evt:oUser1:100:SCAN:1');
  });

  it('uses an empty EventKey when there is none and the event form for MsgID events', () => {
    expect(dedupeKey(parse(event('unsubscribe'), '5'))).toBe('evt:oUser1:5:unsubscribe:');
    expect(
      dedupeKey(parse(event('TEMPLATESENDJOBFINISH', '<MsgID>9</MsgID><Status>success</Status>'), '5')),
    ).toBe('evt:oUser1:5:TEMPLATESENDJOBFINISH:');
  });
});
