import { describe, expect, it } from 'vitest';
import { deviceOf, referrerHostOf } from './classify.ts';

const UA = {
  iphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  androidPhone:
    'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
  zaloInApp:
    'Mozilla/5.0 (Linux; Android 13; 2201117TG Build/TKQ1.221114.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0 Mobile Safari/537.36 Zalo android/12100',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  androidTablet:
    'Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  windows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  headless:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36',
};

const BOTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  'curl/8.5.0',
  'Wget/1.21.4',
  'python-requests/2.31.0',
  'Go-http-client/2.0',
  'UptimeRobot/2.0',
  '',
  '   ',
];

describe('deviceOf', () => {
  it('tells phones, tablets and computers apart', () => {
    expect(deviceOf(UA.iphone)).toBe('mobile');
    expect(deviceOf(UA.androidPhone)).toBe('mobile');
    expect(deviceOf(UA.zaloInApp)).toBe('mobile');
    expect(deviceOf(UA.ipad)).toBe('tablet');
    expect(deviceOf(UA.androidTablet)).toBe('tablet');
    expect(deviceOf(UA.windows)).toBe('desktop');
    expect(deviceOf(UA.mac)).toBe('desktop');
  });

  it('does not count search engines, link previews, scripts or a missing user agent', () => {
    for (const ua of BOTS) expect(deviceOf(ua), ua).toBeNull();
    expect(deviceOf(undefined)).toBeNull();
  });

  it('counts a headless browser as a desktop (documented choice: it renders the page)', () => {
    expect(deviceOf(UA.headless)).toBe('desktop');
  });
});

describe('referrerHostOf', () => {
  const own = ['mattran.lamdong.gov.vn'];

  it('keeps only the host, without www. or mobile prefixes', () => {
    expect(referrerHostOf('https://www.google.com/search?q=b%E1%BA%A7u+c%E1%BB%AD', own)).toBe('google.com');
    expect(referrerHostOf('https://m.facebook.com/story.php?id=1&fbclid=abc', own)).toBe('facebook.com');
    expect(referrerHostOf('https://l.facebook.com/l.php?u=x', own)).toBe('facebook.com');
    expect(referrerHostOf('https://zalo.me/g/abcdef', own)).toBe('zalo.me');
    expect(referrerHostOf('http://BAODIENTU.Example.VN/tin/1', own)).toBe('baodientu.example.vn');
  });

  it('gives "" for no referrer, a broken one, a non-web scheme or the site itself', () => {
    expect(referrerHostOf(undefined, own)).toBe('');
    expect(referrerHostOf('', own)).toBe('');
    expect(referrerHostOf('not a url', own)).toBe('');
    expect(referrerHostOf('android-app://com.google.android.gm', own)).toBe('');
    expect(referrerHostOf('https://mattran.lamdong.gov.vn/bai-viet/x', own)).toBe('');
  });

  it('does not shorten a two-label host', () => {
    expect(referrerHostOf('https://m.me/abc', own)).toBe('m.me');
  });
});
