import { describe, expect, it } from 'vitest';
import { portalPathForHost } from './host.ts';

const hosts = new Map([['mattran.lamdong.vn', 'lam-dong']]);

describe('portalPathForHost', () => {
  it("serves a site's own host name from its /trang pages", () => {
    expect(portalPathForHost('mattran.lamdong.vn', '/', hosts)).toBe('/trang/lam-dong');
    expect(portalPathForHost('mattran.lamdong.vn', '/?trang=2', hosts)).toBe('/trang/lam-dong?trang=2');
    expect(portalPathForHost('mattran.lamdong.vn', '/bai-viet/hoi-nghi', hosts)).toBe(
      '/trang/lam-dong/bai-viet/hoi-nghi',
    );
    expect(portalPathForHost('mattran.lamdong.vn', '/tim-kiem?q=dai+doan+ket', hosts)).toBe(
      '/trang/lam-dong/tim-kiem?q=dai+doan+ket',
    );
  });

  it('matches the host name whatever its case or port', () => {
    expect(portalPathForHost('MatTran.LamDong.VN:443', '/rss.xml', hosts)).toBe('/trang/lam-dong/rss.xml');
  });

  it("leaves the platform's own paths alone on a site's host", () => {
    for (const url of [
      '/api/auth/login',
      '/app',
      '/app/van-ban',
      '/open311/v2/services.json',
      '/kien-nghi/gui?don-vi=1',
      '/anh/abc/320.webp',
      '/tep/abc',
      '/assets/index.js',
      '/trang/xa-an-binh',
      '/trang/-/portal.css',
    ])
      expect(portalPathForHost('mattran.lamdong.vn', url, hosts)).toBe(url);
  });

  it('does not take a path that only starts like a platform path', () => {
    expect(portalPathForHost('mattran.lamdong.vn', '/apis', hosts)).toBe('/trang/lam-dong/apis');
  });

  it('leaves every URL of another host alone', () => {
    expect(portalPathForHost('mattranso.vn', '/bai-viet/x', hosts)).toBe('/bai-viet/x');
    expect(portalPathForHost(undefined, '/', hosts)).toBe('/');
  });
});
