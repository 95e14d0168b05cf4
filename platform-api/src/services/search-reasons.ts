import type { Moment, SearchHit } from '@cutaway/shared';

/** How a lexical moment's words were found, when not as typed. */
export interface Rewrite {
  kind: 'alias' | 'spelling';
  /** The typed word and what it was searched as. */
  term: string;
  as: string;
}

const WHERE: Record<Moment['kind'], string> = { speech: 'said', ocr: 'on screen', shot: 'in a shot', tag: 'tagged', marker: 'in a marker', face: 'seen', object: 'in the picture' };

/** One sentence a person reads: why this moment is here and where it is ("said at 00:00:13:00"). */
export function momentReason(m: Pick<Moment, 'kind' | 'matchedBy' | 'timecodeIn'>, ctx: { query: string; rewrite?: Rewrite | null; fields?: string[] }): string {
  const at = `at ${m.timecodeIn}`;
  switch (m.matchedBy) {
    case 'phonetic':
      return `sounds like “${ctx.query}” ${at}`;
    case 'semantic':
      return `similar meaning ${at}`;
    case 'none':
      // A hit on the asset's own fields: the moment only shows where to look.
      return `${fieldsPhrase(ctx.fields ?? []) || 'matched the asset'}; ${m.kind === 'shot' ? 'poster frame' : 'closest moment'} ${at}`;
    default: {
      const base = `${WHERE[m.kind]} ${at}`;
      if (ctx.rewrite?.kind === 'alias') return `${base} (as “${ctx.rewrite.as}”, an alias of “${ctx.rewrite.term}”)`;
      if (ctx.rewrite?.kind === 'spelling') return `${base} (spelled “${ctx.rewrite.as}”)`;
      return base;
    }
  }
}

const FIELD: Record<SearchHit['matchedFields'][number], string> = { title: 'title', description: 'description', tags: 'tags', fileName: 'file name' };

function fieldsPhrase(fields: string[]): string {
  const names = fields.map((f) => FIELD[f as keyof typeof FIELD] ?? f);
  if (names.length === 0) return '';
  return `in the ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`}`;
}

/** The hit's sentence: the asset fields that matched, then its best moment's reason. */
export function hitReason(fields: SearchHit['matchedFields'], moments: Moment[]): string {
  const first = moments[0];
  const f = fieldsPhrase(fields);
  if (!first) return f || 'matched the asset';
  if (first.matchedBy === 'none') return first.reason ?? '';
  return f ? `${f}; ${first.reason ?? ''}` : (first.reason ?? '');
}
