import { describe, expect, it } from 'vitest';
import { parsePeersConfig } from './peers-config.ts';

describe('EXCHANGE_PEERS', () => {
  it('reads HTTP and directory peers with the agencies they reach', () => {
    const peers = parsePeersConfig(
      JSON.stringify([
        { name: 'lgsp', url: 'https://lgsp.example.vn/edxml', token: 't', reaches: '*' },
        { name: 'ubnd', folder: '/srv/edxml/ubnd/incoming', reaches: ['000.00.01.H29'] },
      ]),
    );
    expect(peers).toEqual([
      { name: 'lgsp', peer: { url: 'https://lgsp.example.vn/edxml', token: 't' }, reaches: '*' },
      { name: 'ubnd', peer: { folder: '/srv/edxml/ubnd/incoming' }, reaches: ['000.00.01.H29'] },
    ]);
    expect(parsePeersConfig(undefined)).toEqual([]);
  });

  it('names the entry at fault', () => {
    expect(() => parsePeersConfig('[{"name":"x","url":"not a url"}]')).toThrow(/EXCHANGE_PEERS: 0/);
    expect(() => parsePeersConfig('[{"name":"x","folder":"/f","reaches":["SNV"]}]')).toThrow(
      /EXCHANGE_PEERS: 0\.reaches\.0: mã định danh/,
    );
    expect(() => parsePeersConfig('{')).toThrow(/not JSON/);
  });
});
