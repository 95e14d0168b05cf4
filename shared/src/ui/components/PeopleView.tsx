import { useCallback, useEffect, useRef, useState } from 'react';
import type { CutawayClient } from '../../client/index';
import type { Asset, CutawayEvent, FaceTrack, Moment, Person, PersonDetail } from '../../schemas/index';
import type { PeopleActions } from '../actions/people-actions';
import { userMessage } from '../errors';
import { assetTimecode, formatDuration } from '../format';
import { ViewHeader } from './AppChrome';

export interface PeopleViewProps {
  client: CutawayClient;
  people: PeopleActions;
  subscribe(fn: (e: CutawayEvent) => void): () => void;
  /** Clicking a face opens its asset at that moment. */
  onOpenMoment(asset: Asset, moment: Moment): void;
}

const label = (p: Pick<Person, 'name'>) => p.name ?? 'Unnamed';
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * People (issue 17): every person the faces step grouped, then one person's faces with the decisions a
 * human makes — name, confirm, "not this person", merge, split, delete. Every button calls
 * createPeopleActions; the view reloads on `person.updated`, so another editor's naming shows here too.
 */
export function PeopleView({ client, people, subscribe, onOpenMoment }: PeopleViewProps) {
  const [list, setList] = useState<Person[] | null>(null);
  const [detail, setDetail] = useState<PersonDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const selectedId = useRef<string | null>(null);
  selectedId.current = detail?.id ?? null;

  const loadList = useCallback(async () => {
    try {
      setList(await people.list());
      setError(null);
    } catch (err) {
      setError(userMessage(err));
    }
  }, [people]);

  const show = useCallback(
    async (id: string) => {
      try {
        setDetail(await people.open(id));
        setError(null);
      } catch (err) {
        // Merged away or deleted elsewhere: back to everyone.
        setDetail(null);
        setError(userMessage(err));
      }
    },
    [people],
  );

  useEffect(() => {
    void loadList();
    return subscribe((e) => {
      if (e.type !== 'person.updated' && e.type !== 'asset.deleted') return;
      void loadList();
      const cur = selectedId.current;
      if (!cur) return;
      if (e.type === 'person.updated' && !e.personIds.includes(cur)) return;
      // Deleted, or merged into personIds[0] (merge, or a name someone else had): the person shown is gone.
      if (e.type === 'person.updated' && (e.change === 'delete' || ((e.change === 'merge' || e.change === 'name') && e.personIds[0] !== cur))) {
        setDetail(null);
        setNotice(e.change === 'delete' ? 'That person was deleted.' : 'That person was merged into someone else.');
      } else {
        // Only refresh the person still on screen: our own action's answer may have moved on (split shows the new person).
        const stillShown = (d: PersonDetail | null) => setDetail((now) => (now && now.id === cur ? d : now));
        void people.open(cur).then(stillShown, () => stillShown(null));
      }
    });
  }, [loadList, subscribe, people]);

  /** Runs one decision; `next` is the person to show after it (null: back to the grid). */
  const act = async (what: () => Promise<{ next: PersonDetail | null; notice: string }>) => {
    try {
      const r = await what();
      setDetail(r.next);
      setNotice(r.notice);
      setError(null);
      void loadList();
    } catch (err) {
      setError(userMessage(err));
    }
  };

  return (
    <section className="cw-people" aria-label="People">
      <ViewHeader title={detail ? label(detail) : 'People'} error={error} onRefresh={() => void (detail ? show(detail.id) : loadList())}>
        {detail && (
          <button type="button" className="cw-button cw-small" onClick={() => (setDetail(null), setNotice(null))}>
            All people
          </button>
        )}
      </ViewHeader>
      {notice && (
        <p className="cw-ok cw-pad" role="status">
          {notice}
        </p>
      )}
      {detail ? (
        <PersonPanel key={detail.id} client={client} person={detail} everyone={list ?? []} people={people} act={act} onOpenMoment={onOpenMoment} />
      ) : (
        <PeopleGrid client={client} list={list} onOpen={(p) => (setNotice(null), void show(p.id))} />
      )}
    </section>
  );
}

function PeopleGrid({ client, list, onOpen }: { client: CutawayClient; list: Person[] | null; onOpen(p: Person): void }) {
  if (list === null) return <p className="cw-empty">Loading people…</p>;
  if (list.length === 0) return <p className="cw-empty">No people yet. Faces are grouped into people after the faces step has run on a video.</p>;
  return (
    <ul className="cw-people-grid" aria-label="People">
      {list.map((p) => (
        <li key={p.id} className="cw-person-card" data-person-id={p.id} data-named={p.name !== null}>
          <button type="button" className="cw-person-open" onClick={() => onOpen(p)} aria-label={`${label(p)}: ${plural(p.trackCount, 'face')}`}>
            {p.thumbnailUrl ? <img className="cw-face" alt="" src={client.faceThumbnailUrl(p.thumbnailUrl, { withToken: true })} /> : <span className="cw-face cw-face-empty" />}
            <span className={`cw-person-name${p.name ? '' : ' cw-muted'}`}>{label(p)}</span>
            <span className="cw-muted cw-person-counts">{plural(p.trackCount, 'face moment')}</span>
            <span className="cw-muted cw-person-counts">
              {plural(p.assetCount, 'asset')} · {p.confirmedCount === p.trackCount ? 'all confirmed' : `${p.trackCount - p.confirmedCount} to check`}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

interface PanelProps {
  client: CutawayClient;
  person: PersonDetail;
  everyone: Person[];
  people: PeopleActions;
  act(what: () => Promise<{ next: PersonDetail | null; notice: string }>): Promise<void>;
  onOpenMoment(asset: Asset, moment: Moment): void;
}

function PersonPanel({ client, person, everyone, people, act, onOpenMoment }: PanelProps) {
  const [name, setName] = useState(person.name ?? '');
  const [checked, setChecked] = useState<string[]>([]);
  const [merging, setMerging] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [assets, setAssets] = useState<Record<string, Asset>>({});
  /** Assets asked for already: each title is fetched once per person shown. */
  const asked = useRef(new Set<string>());

  useEffect(() => {
    const ids = [...new Set(person.tracks.map((t) => t.assetId))].filter((id) => !asked.current.has(id));
    ids.forEach((id) => asked.current.add(id));
    void Promise.all(ids.map((id) => client.getAsset(id).catch(() => null))).then((got) =>
      setAssets((a) => ({ ...a, ...Object.fromEntries(got.filter((x): x is Asset => x !== null).map((x) => [x.id, x])) })),
    );
  }, [client, person.tracks]);

  const toggle = (id: string) => setChecked((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  const others = everyone.filter((p) => p.id !== person.id);
  const typed = name.trim();
  const holder = typed && typed.toLowerCase() !== (person.name ?? '').toLowerCase() ? others.find((p) => p.name?.toLowerCase() === typed.toLowerCase()) : undefined;

  const saveName = () =>
    act(async () => {
      const r = await people.name(person.id, typed, checked[0]);
      return { next: r.person, notice: r.mergedInto ? `Merged into ${label(r.person)}: one name, one person.` : `Named ${label(r.person)}.` };
    });

  return (
    <div className="cw-person" data-person-id={person.id}>
      <div className="cw-row cw-wrap cw-person-top">
        {person.thumbnailUrl ? <img className="cw-face cw-face-large" alt="" src={client.faceThumbnailUrl(person.thumbnailUrl, { withToken: true })} /> : <span className="cw-face cw-face-large cw-face-empty" />}
        <div className="cw-grow cw-person-head">
          <div className="cw-muted">
            {plural(person.trackCount, 'face moment')} in {plural(person.assetCount, 'asset')} · {person.confirmedCount} confirmed, {person.trackCount - person.confirmedCount} suggested
          </div>
          <form className="cw-row cw-wrap cw-person-form" onSubmit={(e) => (e.preventDefault(), void saveName())}>
            <label className="cw-field-label cw-person-name-label" htmlFor={`person-name-${person.id}`}>
              Name
            </label>
            <input id={`person-name-${person.id}`} className="cw-input cw-person-name-input" value={name} placeholder="Who is this?" onChange={(e) => setName(e.target.value)} />
            <button type="submit" className="cw-button cw-small cw-primary cw-ml" disabled={!typed || typed === person.name}>
              {holder ? `Merge into ${holder.name}` : 'Save name'}
            </button>
          </form>
          {holder && <div className="cw-hint cw-muted">{holder.name} already exists: saving merges this person into them.</div>}
          {checked.length > 0 && !holder && <div className="cw-hint cw-muted">The first selected face becomes confirmed.</div>}
          <div className="cw-row cw-wrap cw-person-tools">
            <button type="button" className="cw-button cw-small" aria-expanded={merging} onClick={() => setMerging(!merging)} disabled={others.length === 0}>
              Merge into…
            </button>
            <button
              type="button"
              className="cw-button cw-small"
              disabled={checked.length === 0}
              onClick={() =>
                void act(async () => {
                  const moved = await people.split(person.id, checked);
                  setChecked([]);
                  return { next: moved, notice: `${plural(checked.length, 'face')} moved to a new person.` };
                })
              }
            >
              Split selected faces{checked.length ? ` (${checked.length})` : ''}
            </button>
            <button type="button" className="cw-button cw-small" onClick={() => setDeleting(true)}>
              Delete person
            </button>
          </div>
          {merging && (
            <div className="cw-chips cw-merge-targets" aria-label="Merge into">
              <span className="cw-muted cw-chip-label">Merge {label(person)} into</span>
              {others.map((p) => (
                <button key={p.id} type="button" className="cw-chip" data-person-id={p.id} onClick={() => void act(async () => ({ next: await people.merge(p.id, [person.id]), notice: `Merged ${label(person)} into ${label(p)}.` }))}>
                  {label(p)} ({p.trackCount})
                </button>
              ))}
            </div>
          )}
          {deleting && (
            <div className="cw-late cw-confirm-delete" role="alertdialog" aria-label="Delete person">
              <p>
                Delete {person.name ?? 'this unnamed person'}? Their face pictures and descriptors are deleted; {person.trackCount === 1 ? 'the face moment stays' : `the ${person.trackCount} face moments stay`} findable as unnamed faces.
              </p>
              <button type="button" className="cw-button cw-small cw-primary" onClick={() => void act(async () => (await people.remove(person.id), { next: null, notice: `Deleted ${person.name ?? 'the unnamed person'}.` }))}>
                Delete
              </button>
              <button type="button" className="cw-button cw-small" onClick={() => setDeleting(false)}>
                Cancel
              </button>
            </div>
          )}
        </div>
      </div>
      <ul className="cw-faces" aria-label="Faces">
        {person.tracks.map((t) => (
          <FaceRow
            key={t.id}
            client={client}
            track={t}
            asset={assets[t.assetId]}
            checked={checked.includes(t.id)}
            onToggle={() => toggle(t.id)}
            onOpen={() => void people.faceMoment(t, assets[t.assetId]).then((r) => onOpenMoment(r.asset, r.moment), () => undefined)}
            onConfirm={() => void act(async () => ({ next: await people.confirm(person.id, [t.id]), notice: 'Confirmed.' }))}
            onReject={() => void act(async () => ({ next: await people.reject(person.id, [t.id]).catch(gone), notice: `Not ${label(person)}: that face will not be suggested for them again.` }))}
          />
        ))}
      </ul>
    </div>
  );
}

/** Rejecting the last face leaves nobody: the server deletes the person, so show the grid. */
const gone = (err: unknown): null => {
  if ((err as { code?: string }).code === 'person.not_found') return null;
  throw err;
};

function FaceRow({ client, track: t, asset, checked, onToggle, onOpen, onConfirm, onReject }: { client: CutawayClient; track: FaceTrack; asset: Asset | undefined; checked: boolean; onToggle(): void; onOpen(): void; onConfirm(): void; onReject(): void }) {
  const tc = (ms: number) => (asset ? assetTimecode(asset, ms) : formatDuration(ms));
  return (
    <li className={`cw-face-row${checked ? ' cw-selected' : ''}`} data-track-id={t.id} data-status={t.status}>
      <input type="checkbox" className="cw-face-check" checked={checked} onChange={onToggle} aria-label={`Select the face at ${tc(t.startMs)}`} />
      <button type="button" className="cw-face-open" onClick={onOpen} title="Open the asset at this moment">
        {t.thumbnailUrl ? <img className="cw-face" alt="" src={client.faceThumbnailUrl(t.thumbnailUrl, { withToken: true })} /> : <span className="cw-face cw-face-empty" />}
      </button>
      <div className="cw-grow cw-face-body">
        <button type="button" className="cw-link cw-face-asset" onClick={onOpen}>
          {asset ? asset.title || asset.fileName : 'Loading…'}
        </button>
        <div className="cw-face-tc">
          {tc(t.startMs)}–{tc(t.endMs)}
          <span className={`cw-badge${t.status === 'confirmed' ? ' cw-badge-ok' : ''}`}>{t.status}</span>
        </div>
      </div>
      <div className="cw-face-actions">
        {t.status === 'suggested' && (
          <button type="button" className="cw-button cw-small" onClick={onConfirm}>
            Confirm
          </button>
        )}
        <button type="button" className="cw-button cw-small" onClick={onReject}>
          Not this person
        </button>
      </div>
    </li>
  );
}
