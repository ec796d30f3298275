import { describe, expect, it } from 'vitest';
import { prepareSignIn } from './server-start';

describe('prepareSignIn', () => {
  it('fails with a SWITCHBOARD_TRUSTED_PROXIES it cannot read, naming the entry (the server then serves nothing)', async () => {
    await expect(prepareSignIn({ SWITCHBOARD_TRUSTED_PROXIES: '10.0.0.0/8, proxy.internal' })).rejects.toThrow(
      'SWITCHBOARD_TRUSTED_PROXIES: "proxy.internal" is not an IP address or a CIDR range (e.g. 10.0.0.0/8).',
    );
  });
});
