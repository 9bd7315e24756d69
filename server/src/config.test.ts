import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const load = (env: Record<string, string>) => loadConfig(env, { dotenv: false });

function errorOf(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('runs with no configuration at all', () => {
    const config = load({});
    expect(config.PORT).toBe(3000);
    expect(config.PUBLIC_URL).toBe('http://localhost:3000');
    expect(config.SEED_DEMO).toBe(true); // embedded PostgreSQL: demo data
    expect(config.COOKIE_SECURE).toBe(false);
  });

  it('lists every bad variable at once, each on its own line with what it is for', () => {
    const secret = 'too-short-secret';
    const message = errorOf({
      PORT: 'abc',
      LOG_LEVEL: 'loud',
      SECRET_KEY: secret,
      PUBLIC_URL: 'mattranso.vn',
      TRUST_PROXY: 'maybe',
      DATABASE_POOL_SIZE: '0',
      STORAGE_DRIVER: 's3',
    });
    const lines = message.split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    const named = lines.slice(1).map((line) => line.match(/^ {2}- ([A-Z0-9_]+): /)?.[1]);
    expect(named.sort()).toEqual(
      [
        'DATABASE_POOL_SIZE',
        'LOG_LEVEL',
        'PORT',
        'PUBLIC_URL',
        'S3_BUCKET',
        'SECRET_KEY',
        'TRUST_PROXY',
      ].sort(),
    );
    expect(message).toMatch(/PORT: .* — HTTP port\./);
    expect(message).toMatch(/S3_BUCKET: required when STORAGE_DRIVER=s3/);
    expect(message).not.toContain(secret);
  });

  it('reads flags and numbers the way operators write them', () => {
    const config = load({
      TRUST_PROXY: 'yes',
      COOKIE_SECURE: '0',
      PORT: '8080',
      PUBLIC_URL: 'https://mattranso.vn/',
    });
    expect(config.TRUST_PROXY).toBe(true);
    expect(config.COOKIE_SECURE).toBe(false);
    expect(config.PORT).toBe(8080);
    expect(config.PUBLIC_URL).toBe('https://mattranso.vn');
  });

  it('takes a map tile URL template only with its {z}/{x}/{y} placeholders', () => {
    const template = 'https://{s}.tile.lamdong.vn/{z}/{x}/{y}.png';
    expect(load({ PETITIONS_MAP_TILE_URL: template }).PETITIONS_MAP_TILE_URL).toBe(template);
    expect(errorOf({ PETITIONS_MAP_TILE_URL: 'https://tile.lamdong.vn/map.png' })).toMatch(
      /PETITIONS_MAP_TILE_URL: must contain \{z\}, \{x\} and \{y\}/,
    );
    expect(errorOf({ PETITIONS_MAP_TILE_URL: 'javascript:alert(1)//{z}{x}{y}' })).toMatch(
      /PETITIONS_MAP_TILE_URL: must be an http\(s\) URL template/,
    );
  });

  it('treats an empty variable as unset', () => {
    expect(load({ PORT: '', SMTP_URL: '' })).toMatchObject({ PORT: 3000, SMTP_URL: undefined });
  });
});
