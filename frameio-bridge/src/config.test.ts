import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

const REQUIRED = { CUTAWAY_API_TOKEN: 't', CUTAWAY_FRAMEIO_CLIENT_ID: 'cid', CUTAWAY_FRAMEIO_CLIENT_SECRET: 'cs' };

describe('bridge config', () => {
  it('defaults to 127.0.0.1:8751, the public Frame.io API and IMS, frames from 1', () => {
    expect(loadConfig(REQUIRED)).toMatchObject({ host: '127.0.0.1', port: 8751, apiBase: 'https://api.frame.io', imsBase: 'https://ims-na1.adobelogin.com', frameBase: 1, auth: 's2s' });
  });
  it('lists every bad or missing key at once', () => {
    expect(() => loadConfig({ CUTAWAY_FRAMEIO_PORT: 'abc', CUTAWAY_FRAMEIO_AUTH: 'user' })).toThrow(
      /CUTAWAY_FRAMEIO_PORT.*CUTAWAY_API_TOKEN: required.*CUTAWAY_FRAMEIO_CLIENT_ID: required.*CUTAWAY_FRAMEIO_CLIENT_SECRET: required.*CUTAWAY_FRAMEIO_PUBLIC_URL: required/,
    );
  });
});
