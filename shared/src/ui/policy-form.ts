import { isAppError } from '../errors/index';
import { ArchivePolicyCreateSchema, AssetTypeSchema, type ArchivePolicy, type ArchivePolicyCreate, type ArchiveRules, type AssetType } from '../schemas/index';
import { formatCount } from './archive-view';

/**
 * The lifecycle policy form as people fill it in (docs/archive.md "Lifecycle policies"), and its conversion to
 * and from `ArchivePolicyCreate`. Pure, so the rules live here and the component only draws them.
 */

/** A rule with a number of days: ticked or not, and the days as typed (kept while unticked, so a tick brings it back). */
export interface DaysRule {
  on: boolean;
  days: string;
}

export type ScheduleUnit = 'minutes' | 'hours' | 'days';
export const UNIT_MINUTES: Record<ScheduleUnit, number> = { minutes: 1, hours: 60, days: 1440 };

export interface PolicyFormState {
  name: string;
  targetTier: 'nearline' | 'archive';
  minAge: DaysRule;
  unused: DaysRule;
  notAiring: DaysRule;
  /** Empty: every type. */
  types: AssetType[];
  /** Comma lists as typed ("keep, evergreen"). */
  tagsAny: string;
  tagsNone: string;
  /** On request only (`everyMinutes: null`), or every `every` × `unit`. */
  scheduled: boolean;
  every: string;
  unit: ScheduleUnit;
  restoreOnUse: boolean;
  enabled: boolean;
}

/** Where a message shows: one per input the form has. */
export type PolicyField = 'name' | 'targetTier' | 'minAge' | 'unused' | 'notAiring' | 'types' | 'tagsAny' | 'tagsNone' | 'every' | 'form';
export type PolicyFormErrors = Partial<Record<PolicyField, string>>;

export const ASSET_TYPES: readonly AssetType[] = AssetTypeSchema.options;

/**
 * A new policy: originals older than 90 days and unused for 30, not in a rundown airing within the week, to
 * nearline (readable at once, so a wrong guess costs nobody a restore), checked once a day. The numbers are
 * the usual starting point of a newsroom archive; the admin changes them before saving.
 */
export function newPolicyForm(): PolicyFormState {
  return {
    name: '',
    targetTier: 'nearline',
    minAge: { on: true, days: '90' },
    unused: { on: true, days: '30' },
    notAiring: { on: true, days: '7' },
    types: [],
    tagsAny: '',
    tagsNone: 'keep',
    scheduled: true,
    every: '1',
    unit: 'days',
    restoreOnUse: false,
    enabled: true,
  };
}

const rule = (days: number | undefined, fallback: string): DaysRule => (days === undefined ? { on: false, days: fallback } : { on: true, days: String(days) });

/** The form for an existing policy; the schedule in the largest unit that divides it (1440 min → 1 day). */
export function policyToForm(p: Pick<ArchivePolicy, 'name' | 'targetTier' | 'rules' | 'everyMinutes' | 'restoreOnUse' | 'enabled'>): PolicyFormState {
  const base = newPolicyForm();
  const m = p.everyMinutes;
  const unit: ScheduleUnit = m === null ? 'days' : m % 1440 === 0 ? 'days' : m % 60 === 0 ? 'hours' : 'minutes';
  return {
    name: p.name,
    targetTier: p.targetTier,
    minAge: rule(p.rules.minAgeDays, base.minAge.days),
    unused: rule(p.rules.unusedForDays, base.unused.days),
    notAiring: rule(p.rules.notAiringWithinDays, base.notAiring.days),
    types: ASSET_TYPES.filter((t) => p.rules.types?.includes(t)),
    tagsAny: (p.rules.tagsAny ?? []).join(', '),
    tagsNone: (p.rules.tagsNone ?? []).join(', '),
    scheduled: m !== null,
    every: m === null ? base.every : String(m / UNIT_MINUTES[unit]),
    unit,
    restoreOnUse: p.restoreOnUse,
    enabled: p.enabled,
  };
}

/** "keep, Evergreen,,keep " → ["keep", "Evergreen"]: trimmed, empty parts dropped, repeats (any case) once. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(',')) {
    const tag = part.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

/** What people typed as a number; anything but digits becomes NaN, so the schema names it (not a silent 0). */
const num = (text: string): number => (/^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN);

/** The request body the form stands for, before validation (so the schema's own bounds produce the messages). */
export function formToDraft(s: PolicyFormState): Record<string, unknown> {
  const rules: Record<string, unknown> = {};
  if (s.minAge.on) rules.minAgeDays = num(s.minAge.days);
  if (s.unused.on) rules.unusedForDays = num(s.unused.days);
  if (s.types.length > 0) rules.types = ASSET_TYPES.filter((t) => s.types.includes(t));
  const any = parseTags(s.tagsAny);
  if (any.length > 0) rules.tagsAny = any;
  const none = parseTags(s.tagsNone);
  if (none.length > 0) rules.tagsNone = none;
  if (s.notAiring.on) rules.notAiringWithinDays = num(s.notAiring.days);
  return {
    name: s.name,
    enabled: s.enabled,
    targetTier: s.targetTier,
    rules,
    everyMinutes: s.scheduled ? num(s.every) * UNIT_MINUTES[s.unit] : null,
    restoreOnUse: s.restoreOnUse,
  };
}

export type PolicyFormResult = { ok: true; value: ArchivePolicyCreate } | { ok: false; errors: PolicyFormErrors };

/** Validates the form with `ArchivePolicyCreateSchema`: the policy to send, or a sentence beside each field that is wrong. */
export function formToPolicy(s: PolicyFormState): PolicyFormResult {
  const parsed = ArchivePolicyCreateSchema.safeParse(formToDraft(s));
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: issuesToErrors(parsed.error.issues.map((i) => ({ path: i.path.map(String), issue: i as unknown as LooseIssue })), s) };
}

/** The parts of a zod issue the messages need (zod's own objects, or the server's `{path, message}` details). */
interface LooseIssue {
  code?: string;
  message?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  received?: unknown;
}

const RULE_FIELD: Record<keyof ArchiveRules, PolicyField> = { minAgeDays: 'minAge', unusedForDays: 'unused', notAiringWithinDays: 'notAiring', types: 'types', tagsAny: 'tagsAny', tagsNone: 'tagsNone' };

/** Which input a schema path belongs to (`rules.minAgeDays` → the "older than" field). */
export function fieldOf(path: readonly string[]): PolicyField {
  const [head, sub] = path;
  if (head === 'name' || head === 'targetTier') return head;
  if (head === 'everyMinutes') return 'every';
  if (head === 'rules' && sub && sub in RULE_FIELD) return RULE_FIELD[sub as keyof ArchiveRules];
  return 'form';
}

/** One issue in words for its field, with the bound the schema sets (36 500 days, 200 characters…). */
function sentence(field: PolicyField, path: readonly string[], i: LooseIssue, s: PolicyFormState): string {
  const n = (v: number | bigint | undefined) => formatCount(Number(v));
  const notNumber = i.code === 'invalid_type' || (i.code === 'invalid_format' && i.origin === 'number') || i.code === 'not_multiple_of';
  switch (field) {
    case 'name':
      if (i.code === 'too_small') return 'Give the policy a name people will recognise, e.g. “old footage to archive”.';
      if (i.code === 'too_big') return `At most ${n(i.maximum)} characters.`;
      break;
    case 'minAge':
    case 'unused':
    case 'notAiring':
      if (notNumber) return 'Write a whole number of days, e.g. 30.';
      if (i.code === 'too_small') return `At least ${n(i.minimum)} days.`;
      if (i.code === 'too_big') return `At most ${n(i.maximum)} days.`;
      break;
    case 'every': {
      const per = UNIT_MINUTES[s.unit];
      if (notNumber) return `Write a whole number of ${s.unit}, e.g. 1.`;
      if (i.code === 'too_small') return `At least ${n(Math.ceil(Number(i.minimum) / per))} ${s.unit === 'minutes' ? 'minute' : s.unit.slice(0, -1)}.`;
      if (i.code === 'too_big') return `At most once a year: ${n(Math.floor(Number(i.maximum) / per))} ${s.unit}.`;
      break;
    }
    case 'tagsAny':
    case 'tagsNone':
      // A path with an index is one tag; without, the list.
      if (path.length > 2 && i.code === 'too_big') return `A tag has at most ${n(i.maximum)} characters.`;
      if (i.code === 'too_big') return `At most ${n(i.maximum)} tags.`;
      break;
    default:
      break;
  }
  return i.message ?? 'Not valid.';
}

function issuesToErrors(issues: Array<{ path: readonly string[]; issue: LooseIssue }>, s: PolicyFormState): PolicyFormErrors {
  const errors: PolicyFormErrors = {};
  for (const { path, issue } of issues) {
    const field = fieldOf(path);
    // The first problem of a field is the one to fix first; the rest follow once it is.
    errors[field] ??= sentence(field, path, issue, s);
  }
  return errors;
}

/**
 * What the server said when it refused a save, placed like the form's own messages: a `request.invalid`
 * lists `{ path: "body.rules.minAgeDays", message }` per field (platform-api zodToAppError); anything else
 * (not allowed, policy deleted meanwhile, server unreachable) is one message for the whole form.
 */
export function serverErrors(err: unknown, s: PolicyFormState, fallback: (err: unknown) => string): PolicyFormErrors {
  if (isAppError(err) && err.code === 'request.invalid' && Array.isArray(err.details)) {
    const issues = (err.details as Array<{ path?: unknown; message?: unknown }>)
      .filter((d) => typeof d.path === 'string')
      .map((d) => ({ path: (d.path as string).split('.').filter((p, i) => !(i === 0 && p === 'body')), issue: { message: typeof d.message === 'string' ? d.message : undefined } }));
    if (issues.length > 0) {
      const errors = issuesToErrors(issues, s);
      return { ...errors, form: errors.form ?? `The server refused the policy: ${err.message}` };
    }
  }
  return { form: fallback(err) };
}

/** Lifecycle rules in words, as an editor checks them ("older than 180 days · not tagged keep"). */
export function describeRules(rules: ArchiveRules): string {
  const parts: string[] = [];
  if (rules.minAgeDays !== undefined) parts.push(`older than ${rules.minAgeDays} days`);
  if (rules.unusedForDays !== undefined) parts.push(`unused for ${rules.unusedForDays} days`);
  if (rules.types) parts.push(rules.types.join(' or '));
  if (rules.tagsAny) parts.push(`tagged ${rules.tagsAny.join(' or ')}`);
  if (rules.tagsNone) parts.push(`not tagged ${rules.tagsNone.join(', ')}`);
  if (rules.notAiringWithinDays !== undefined) parts.push(`not airing within ${rules.notAiringWithinDays} days`);
  return parts.join(' · ') || 'every asset';
}

/** How often a policy runs, in words ("every 1 day(s)", "on request"). */
export function describeSchedule(everyMinutes: number | null): string {
  if (everyMinutes === null) return 'on request';
  if (everyMinutes % 1440 === 0) return `every ${everyMinutes / 1440} day(s)`;
  if (everyMinutes % 60 === 0) return `every ${everyMinutes / 60} h`;
  return `every ${everyMinutes} min`;
}

/** The one-line summary the list shows: "to archive · tagged old · not airing within 7 days · on request". */
export function describePolicy(p: Pick<ArchivePolicyCreate, 'targetTier' | 'rules' | 'everyMinutes' | 'restoreOnUse'>): string {
  return `to ${p.targetTier} · ${describeRules(p.rules)} · ${describeSchedule(p.everyMinutes)}${p.restoreOnUse ? ' · brings back on use' : ''}`;
}
