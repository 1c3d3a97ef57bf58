import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

import { newsReply, SUCCESS_REPLY, textReply } from './replies.ts';
import { parseWeChatXml } from './xml.ts';

const address = { toUser: 'oUser1', fromUser: 'gh_10f6c3c3ac5a', createTime: 1700000000 };
const article = (n: number) => ({
  title: `标题${n}`,
  description: `描述${n}`,
  picUrl: `https://cdn.example.com/${n}.jpg`,
  url: `https://shop.example.com/p/${n}`,
});

describe('SUCCESS_REPLY', () => {
  it('is the literal body WeChat expects', () => {
    expect(SUCCESS_REPLY).toBe('success');
  });
});

describe('textReply', () => {
  it('builds the documented text reply', () => {
    expect(textReply({ ...address, content: '你好\n第二行' })).toBe(
      '<xml><ToUserName><![CDATA[oUser1]]></ToUserName><FromUserName><![CDATA[gh_10f6c3c3ac5a]]></FromUserName>' +
        '<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>' +
        '<Content><![CDATA[你好\n第二行]]></Content></xml>',
    );
  });

  it.each([
    ']]>',
    'a]]><MsgType>news</MsgType><![CDATA[',
    '<script>alert(1)</script>',
    '</Content></xml><xml>',
    '😀 \u202E 0012 ]]]]> &amp;',
  ])('round-trips %j without breaking out of CDATA', (content) => {
    const xml = textReply({ ...address, content });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect({ ...parseWeChatXml(xml) }).toEqual({
      ToUserName: 'oUser1',
      FromUserName: 'gh_10f6c3c3ac5a',
      CreateTime: '1700000000',
      MsgType: 'text',
      Content: content,
    });
  });

  it('drops NUL and lone surrogates so the reply stays well-formed', () => {
    const xml = textReply({ ...address, content: 'a\u0000b\uD800c' });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parseWeChatXml(xml)['Content']).toBe('abc');
  });

  it('refuses a negative createTime', () => {
    expect(() => textReply({ ...address, createTime: -1, content: 'x' })).toThrow();
  });
});

describe('newsReply', () => {
  it('nests Articles/item exactly as the protocol describes', () => {
    const xml = newsReply({ ...address, articles: [article(1)] }, { maxArticles: 1 });
    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[oUser1]]></ToUserName><FromUserName><![CDATA[gh_10f6c3c3ac5a]]></FromUserName>' +
        '<CreateTime>1700000000</CreateTime><MsgType><![CDATA[news]]></MsgType><ArticleCount>1</ArticleCount>' +
        '<Articles><item><Title><![CDATA[标题1]]></Title><Description><![CDATA[描述1]]></Description>' +
        '<PicUrl><![CDATA[https://cdn.example.com/1.jpg]]></PicUrl>' +
        '<Url><![CDATA[https://shop.example.com/p/1]]></Url></item></Articles></xml>',
    );
  });

  it('round-trips up to 8 articles', () => {
    const articles = Array.from({ length: 8 }, (_, index) => article(index));
    const fields = JSON.parse(
      JSON.stringify(parseWeChatXml(newsReply({ ...address, articles }, { maxArticles: 8 }))),
    );
    expect(fields.ArticleCount).toBe('8');
    expect(fields.Articles.item).toEqual(
      articles.map((a) => ({ Title: a.title, Description: a.description, PicUrl: a.picUrl, Url: a.url })),
    );
  });

  it('keeps hostile titles inside their CDATA', () => {
    const hostile = {
      ...article(1),
      title: ']]></Title><Url>https://evil</Url><![CDATA[',
      description: '<script>x</script>',
    };
    const xml = newsReply({ ...address, articles: [hostile] }, { maxArticles: 1 });
    expect(XMLValidator.validate(xml)).toBe(true);
    const fields = JSON.parse(JSON.stringify(parseWeChatXml(xml)));
    expect(fields.Articles.item).toEqual({
      Title: hostile.title,
      Description: hostile.description,
      PicUrl: hostile.picUrl,
      Url: hostile.url,
    });
  });

  it('refuses an empty list', () => {
    expect(() => newsReply({ ...address, articles: [] }, { maxArticles: 8 })).toThrow(Error);
  });

  it('refuses more articles than allowed', () => {
    expect(() => newsReply({ ...address, articles: [article(1), article(2)] }, { maxArticles: 1 })).toThrow(
      /at most 1/,
    );
    const nine = Array.from({ length: 9 }, (_, index) => article(index));
    expect(() => newsReply({ ...address, articles: nine }, { maxArticles: 8 })).toThrow(/at most 8/);
  });
});
