import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl } from './oauth.ts';

describe('buildAuthorizeUrl', () => {
  it('builds the exact authorize URL with the parameters in WeChat order', () => {
    const url = buildAuthorizeUrl({
      appId: 'wx1234567890abcdef',
      redirectUri: 'https://shop.example.com/oauth/callback?next=/orders&x=1',
      scope: 'snsapi_base',
      state: 'abc123',
    });
    expect(url).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx1234567890abcdef' +
        '&redirect_uri=https%3A%2F%2Fshop.example.com%2Foauth%2Fcallback%3Fnext%3D%2Forders%26x%3D1' +
        '&response_type=code&scope=snsapi_base&state=abc123#wechat_redirect',
    );
  });

  it('uses another OAuth base, such as the local simulator', () => {
    const url = buildAuthorizeUrl({
      oauthBase: 'http://127.0.0.1:4000/',
      appId: 'wxapp',
      redirectUri: 'http://localhost/cb',
      scope: 'snsapi_userinfo',
      state: 's',
    });
    expect(url).toBe(
      'http://127.0.0.1:4000/connect/oauth2/authorize?appid=wxapp&redirect_uri=http%3A%2F%2Flocalhost%2Fcb' +
        '&response_type=code&scope=snsapi_userinfo&state=s#wechat_redirect',
    );
  });
});
