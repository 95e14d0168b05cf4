import { describe, expect, it } from 'vitest';
import { parseRestoreHeader } from './restore-header';

describe('parseRestoreHeader (x-amz-restore)', () => {
  it.each([
    ['absent', undefined, { state: 'none', expiresAt: null }],
    ['empty', '', { state: 'none', expiresAt: null }],
    ['in progress (AWS example)', 'ongoing-request="true"', { state: 'in_progress', expiresAt: null }],
    [
      'restored (AWS example)',
      'ongoing-request="false", expiry-date="Fri, 21 Dec 2012 00:00:00 GMT"',
      { state: 'restored', expiresAt: '2012-12-21T00:00:00.000Z' },
    ],
    ['fields in another order, no space', 'expiry-date="Fri, 21 Dec 2012 00:00:00 GMT",ongoing-request="false"', { state: 'restored', expiresAt: '2012-12-21T00:00:00.000Z' }],
    ['an extra field', 'ongoing-request="false", expiry-date="Fri, 21 Dec 2012 00:00:00 GMT", restore-tier="Bulk"', { state: 'restored', expiresAt: '2012-12-21T00:00:00.000Z' }],
    ['restored for good (Intelligent-Tiering)', 'ongoing-request="false"', { state: 'restored', expiresAt: null }],
  ])('%s', (_label, header, expected) => {
    expect(parseRestoreHeader(header)).toEqual(expected);
  });

  it.each(['garbage', 'ongoing-request="maybe"', 'ongoing-request="false", expiry-date="not a date"'])('refuses %j', (header) => {
    expect(() => parseRestoreHeader(header)).toThrow(expect.objectContaining({ code: 'internal' }));
  });
});
