import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index';
import type { ArchivePolicy } from '../schemas/index';
import { describePolicy, fieldOf, formToPolicy, newPolicyForm, parseTags, policyToForm, serverErrors, type PolicyFormState } from './policy-form';

const saved: ArchivePolicy = {
  id: 'pol_000001',
  name: 'Old city footage to cold',
  enabled: false,
  targetTier: 'archive',
  rules: { minAgeDays: 180, types: ['video', 'audio'], tagsAny: ['city', 'old'], tagsNone: ['keep'], notAiringWithinDays: 7 },
  everyMinutes: 360,
  restoreOnUse: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  lastRunAt: null,
  lastRun: null,
};
const errorsOf = (s: PolicyFormState) => {
  const r = formToPolicy(s);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};

describe('policy form ⇄ ArchivePolicyCreate', () => {
  it('starts a new policy with rules an archive manager can save after naming it', () => {
    const r = formToPolicy({ ...newPolicyForm(), name: '  Quiet footage to nearline ' });
    expect(r).toEqual({
      ok: true,
      value: { name: 'Quiet footage to nearline', enabled: true, targetTier: 'nearline', rules: { minAgeDays: 90, unusedForDays: 30, tagsNone: ['keep'], notAiringWithinDays: 7 }, everyMinutes: 1440, restoreOnUse: false },
    });
  });

  it('round-trips a saved policy: every field, the schedule in its largest whole unit', () => {
    const form = policyToForm(saved);
    expect(form).toMatchObject({ minAge: { on: true, days: '180' }, unused: { on: false, days: '30' }, types: ['video', 'audio'], tagsAny: 'city, old', scheduled: true, every: '6', unit: 'hours', enabled: false, restoreOnUse: true });
    const r = formToPolicy(form);
    const { id: _id, createdAt: _c, updatedAt: _u, lastRunAt: _l, lastRun: _r, ...create } = saved;
    expect(r).toEqual({ ok: true, value: create });
    expect(policyToForm({ ...saved, everyMinutes: 2880 })).toMatchObject({ every: '2', unit: 'days' });
    expect(policyToForm({ ...saved, everyMinutes: 90 })).toMatchObject({ every: '90', unit: 'minutes' });
    expect(policyToForm({ ...saved, everyMinutes: null })).toMatchObject({ scheduled: false });
  });

  it('leaves out what is not ticked or empty, so an unset rule does not filter', () => {
    const s: PolicyFormState = { ...newPolicyForm(), name: 'all', minAge: { on: false, days: 'junk' }, unused: { on: false, days: '' }, notAiring: { on: false, days: '7' }, tagsNone: ' , ', scheduled: false, every: 'x' };
    const r = formToPolicy(s);
    expect(r.ok && r.value).toMatchObject({ rules: {}, everyMinutes: null });
    expect(r.ok && describePolicy(r.value)).toBe('to nearline · every asset · on request');
  });

  it('puts the schema’s bounds beside the field, in words', () => {
    const base = { ...newPolicyForm(), name: 'x' };
    expect(errorsOf({ ...base, minAge: { on: true, days: '99999' } })).toEqual({ minAge: 'At most 36\u2009500 days.' });
    expect(errorsOf({ ...base, unused: { on: true, days: '-1' } })).toEqual({ unused: 'At least 0 days.' });
    expect(errorsOf({ ...base, notAiring: { on: true, days: '5000' } })).toEqual({ notAiring: 'At most 3\u2009650 days.' });
    expect(errorsOf({ ...base, minAge: { on: true, days: '' }, unused: { on: true, days: '1.5' } })).toEqual({ minAge: 'Write a whole number of days, e.g. 30.', unused: 'Write a whole number of days, e.g. 30.' });
    expect(errorsOf({ ...base, name: '   ' })).toEqual({ name: expect.stringMatching(/^Give the policy a name/) });
    expect(errorsOf({ ...base, every: '0', unit: 'hours' })).toEqual({ every: 'At least 1 hour.' });
    expect(errorsOf({ ...base, every: '400', unit: 'days' })).toEqual({ every: 'At most once a year: 365 days.' });
    expect(errorsOf({ ...base, every: 'daily' })).toEqual({ every: 'Write a whole number of days, e.g. 1.' });
    expect(errorsOf({ ...base, tagsAny: `ok, ${'x'.repeat(101)}` })).toEqual({ tagsAny: 'A tag has at most 100 characters.' });
    expect(errorsOf({ ...base, tagsNone: Array.from({ length: 51 }, (_, i) => `t${i}`).join(',') })).toEqual({ tagsNone: 'At most 50 tags.' });
  });

  it('reads tags as a comma list: trimmed, empty parts dropped, repeats once whatever their case', () => {
    expect(parseTags(' keep, Evergreen,,KEEP ,evergreen')).toEqual(['keep', 'Evergreen']);
    expect(parseTags('')).toEqual([]);
  });

  it('places a server refusal beside its field, and any other failure above the form', () => {
    const s = newPolicyForm();
    const invalid = new AppError('request.invalid', 'Invalid body: body.rules.minAgeDays', [{ path: 'body.rules.minAgeDays', message: 'Too big: expected number to be <=36500' }]);
    expect(serverErrors(invalid, s, () => 'x')).toEqual({ minAge: 'Too big: expected number to be <=36500', form: 'The server refused the policy: Invalid body: body.rules.minAgeDays' });
    const forbidden = new AppError('auth.forbidden', 'needs admin');
    expect(serverErrors(forbidden, s, (e) => `said: ${(e as Error).message}`)).toEqual({ form: 'said: needs admin' });
    expect(fieldOf(['everyMinutes'])).toBe('every');
    expect(fieldOf(['rules', 'tagsNone', '3'])).toBe('tagsNone');
    expect(fieldOf(['enabled'])).toBe('form');
  });

  it('says what a policy does in one line', () => {
    expect(describePolicy(saved)).toBe('to archive · older than 180 days · video or audio · tagged city or old · not tagged keep · not airing within 7 days · every 6 h · brings back on use');
  });
});
