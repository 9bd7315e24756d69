import { describe, expect, it } from 'vitest';
import { remoteProvidersFrom } from './signatures-adapter.ts';

describe('SIGNATURE_REMOTE_PROVIDERS', () => {
  it('reads CSC services (the default kind) and SmartCA-style ones, by id', () => {
    const providers = remoteProvidersFrom(
      JSON.stringify([
        {
          id: 'mysign',
          displayName: 'Viettel MySign',
          baseUrl: 'https://mysign.example/csc',
          accessToken: 't',
        },
        {
          id: 'smartca',
          kind: 'smartca',
          displayName: 'VNPT SmartCA',
          baseUrl: 'https://smartca.example',
          spId: 'mts',
        },
      ]),
    );
    expect([...providers.keys()]).toEqual(['mysign', 'smartca']);
    expect(providers.get('mysign')!.provider.displayName).toBe('Viettel MySign');
    expect(providers.get('smartca')!.provider.displayName).toBe('VNPT SmartCA');
  });

  it('names what is wrong', () => {
    expect(() => remoteProvidersFrom('[{"id":"x"}')).toThrow(/is not JSON/);
    expect(() => remoteProvidersFrom('[{"id":"x","displayName":"X","baseUrl":"not a url"}]')).toThrow(
      /SIGNATURE_REMOTE_PROVIDERS:.*baseUrl/s,
    );
    expect(remoteProvidersFrom(undefined).size).toBe(0);
  });
});
