import { describe, expect, it } from 'vitest';
import { decisionFor, expiresIn, pendingFirst } from './approvals-view';

const NOW = new Date('2026-12-07T10:00:00.000Z');
const pat = { id: 'tok0000001', name: 'Pat' };

describe('approvals queue helpers', () => {
  it('says how long is left to decide', () => {
    expect(expiresIn('2026-12-08T09:59:00.000Z', NOW)).toBe('expires in 23 h 59 min');
    expect(expiresIn('2026-12-07T11:00:00.000Z', NOW)).toBe('expires in 1 h');
    expect(expiresIn('2026-12-07T10:03:30.000Z', NOW)).toBe('expires in 4 min');
    expect(expiresIn('2026-12-10T10:00:00.000Z', NOW)).toBe('expires in 3 days');
    expect(expiresIn('2026-12-07T10:00:00.000Z', NOW)).toBe('expired');
  });

  it('offers a decision only where the server would accept it, and says why not before the click', () => {
    const pending = { status: 'pending' as const, requestedBy: pat };
    expect(decisionFor(pending, { id: 'tok0000002', role: 'editor' })).toEqual({ canDecide: true, why: null, mine: false });
    expect(decisionFor(pending, { id: 'tok0000001', role: 'admin' })).toMatchObject({ canDecide: false, mine: true, why: expect.stringMatching(/different person/) });
    expect(decisionFor(pending, { id: 'tok0000003', role: 'editor', kind: 'agent' })).toMatchObject({ canDecide: false, why: expect.stringMatching(/Agent/) });
    expect(decisionFor(pending, { id: 'tok0000003', role: 'viewer' })).toMatchObject({ canDecide: false, why: expect.stringMatching(/editor or admin/) });
    expect(decisionFor(pending, null).canDecide).toBe(false);
    expect(decisionFor({ status: 'approved', requestedBy: pat }, { id: 'tok0000001', role: 'editor' })).toEqual({ canDecide: false, why: null, mine: true });
  });

  it('lists what waits first, keeping the newest-first order within each group', () => {
    const list = [{ id: 'a', status: 'approved' }, { id: 'b', status: 'pending' }, { id: 'c', status: 'declined' }, { id: 'd', status: 'pending' }];
    expect(pendingFirst(list).map((x) => x.id)).toEqual(['b', 'd', 'a', 'c']);
  });
});
