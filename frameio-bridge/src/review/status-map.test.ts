import { describe, expect, it } from 'vitest';
import { mapStatusLabel } from './status-map';

describe('Frame.io Status → ReviewStatus', () => {
  it('maps the built-in options and common custom wordings', () => {
    expect(mapStatusLabel('Approved')).toBe('approved');
    expect(mapStatusLabel('Changes Requested')).toBe('needs_changes');
    expect(mapStatusLabel('Needs changes')).toBe('needs_changes');
    expect(mapStatusLabel('Needs Review')).toBe('in_review');
    expect(mapStatusLabel('In Progress')).toBe('in_review');
    expect(mapStatusLabel(null)).toBe('none');
    expect(mapStatusLabel('Archived')).toBe('none');
  });
});
