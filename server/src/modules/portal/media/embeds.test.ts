import { describe, expect, it } from 'vitest';
import { parseVideoEmbed } from './embeds.ts';

const NOCOOKIE = 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ';

describe('parseVideoEmbed: YouTube', () => {
  it.each([
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL123',
    'https://youtube.com/watch?v=dQw4w9WgXcQ',
    'https://m.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://youtu.be/dQw4w9WgXcQ',
    'https://youtu.be/dQw4w9WgXcQ?si=abc',
    'https://www.youtube.com/shorts/dQw4w9WgXcQ',
    'https://www.youtube.com/embed/dQw4w9WgXcQ',
    'http://www.youtube.com/watch?v=dQw4w9WgXcQ',
    '  https://youtu.be/dQw4w9WgXcQ  ',
  ])('plays %s through the no-cookie player', (url) => {
    expect(parseVideoEmbed(url)).toEqual({ provider: 'youtube', embedUrl: NOCOOKIE });
  });

  it.each([
    'https://www.youtube.com/watch?v=short',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>',
    'https://youtu.be/',
    'https://www.youtube.com/channel/UC123',
    'https://www.youtube.com/@mattran',
    'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ',
    'https://notyoutube.com/watch?v=dQw4w9WgXcQ',
  ])('refuses %s', (url) => {
    expect(parseVideoEmbed(url)).toBeNull();
  });
});

describe('parseVideoEmbed: Facebook', () => {
  it('embeds a page video through the video plugin with the canonical URL encoded', () => {
    expect(parseVideoEmbed('https://www.facebook.com/mattranlamdong/videos/1234567890/?ref=share')).toEqual({
      provider: 'facebook',
      embedUrl: `https://www.facebook.com/plugins/video.php?href=${encodeURIComponent(
        'https://www.facebook.com/mattranlamdong/videos/1234567890/',
      )}`,
    });
  });

  it('embeds watch and fb.watch links', () => {
    expect(parseVideoEmbed('https://m.facebook.com/watch/?v=987654321')?.embedUrl).toBe(
      'https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D987654321',
    );
    expect(parseVideoEmbed('https://fb.watch/aBc-12_X/')?.embedUrl).toBe(
      'https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Ffb.watch%2FaBc-12_X%2F',
    );
  });

  it.each([
    'https://www.facebook.com/mattranlamdong',
    'https://www.facebook.com/mattranlamdong/posts/123',
    'https://www.facebook.com/watch/?v=abc',
    'https://www.facebook.com/mattran/videos/not-a-number/',
  ])('refuses %s', (url) => {
    expect(parseVideoEmbed(url)).toBeNull();
  });
});

describe('parseVideoEmbed: anything else', () => {
  it.each([
    'javascript:alert(1)//youtu.be/dQw4w9WgXcQ',
    'data:text/html,<script>alert(1)</script>',
    'ftp://youtu.be/dQw4w9WgXcQ',
    'https://vimeo.com/123456',
    'https://user:pw@youtu.be/dQw4w9WgXcQ',
    'https://youtu.be:8443/dQw4w9WgXcQ',
    'youtu.be/dQw4w9WgXcQ',
    'không phải địa chỉ',
    '',
  ])('refuses %s', (url) => {
    expect(parseVideoEmbed(url)).toBeNull();
  });
});
