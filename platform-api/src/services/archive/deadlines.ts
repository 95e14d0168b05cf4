/**
 * Job priority from a restore's deadline (lower runs first; 0 is "a rundown item about to air").
 * The bands follow how a newsroom plans: within the hour, this shift, today, later.
 */
export function priorityForDeadline(neededBy: Date | null, now: Date): number {
  if (!neededBy) return 80;
  const left = neededBy.getTime() - now.getTime();
  if (left <= 60 * 60_000) return 0;
  if (left <= 6 * 60 * 60_000) return 10;
  if (left <= 24 * 60 * 60_000) return 20;
  return 40;
}

/** Percent of a restore that reports no progress of its own, from elapsed time against its ETA (never 100 before it is readable). */
export function estimatedPercent(requestedAt: Date, etaAt: Date, now: Date): number {
  const total = etaAt.getTime() - requestedAt.getTime();
  if (total <= 0) return 99;
  return Math.max(0, Math.min(99, Math.round((100 * (now.getTime() - requestedAt.getTime())) / total)));
}
