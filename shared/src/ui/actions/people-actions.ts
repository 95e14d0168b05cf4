import type { CutawayClient } from '../../client/index';
import { AppError } from '../../errors/index';
import type { Asset, FaceTrack, Moment, Person, PersonDetail } from '../../schemas/index';
import { assetTimecode } from '../format';

/** What naming did: the person now holding the name, and whether that was another person (a merge). */
export interface NamedPerson {
  person: PersonDetail;
  /** Set when the name already belonged to someone else: both are now that person (docs/faces-objects.md "People"). */
  mergedInto: string | null;
}

/**
 * The People screen's actions as plain functions of the typed client (issue 17), so an MCP server or an
 * assistant can name, confirm, reject, merge, split and delete exactly as the buttons do. The server
 * decides everything (merging on a known name, rejections); these only call it and shape the answer.
 */
export function createPeopleActions(client: CutawayClient) {
  const list = (o: { named?: boolean } = {}): Promise<Person[]> => client.listPeople(o.named === undefined ? {} : { named: o.named ? 'true' : 'false' });
  const open = (id: string): Promise<PersonDetail> => client.getPerson(id);

  /** Names a person from one face (that face becomes confirmed). A name someone already has merges the two. */
  async function name(personId: string, newName: string, trackId?: string): Promise<NamedPerson> {
    const trimmed = newName.trim();
    if (!trimmed) throw new AppError('request.invalid', 'Type a name first');
    const person = await client.namePerson(personId, trimmed, trackId);
    return { person, mergedInto: person.id !== personId ? person.id : null };
  }

  const confirm = (personId: string, trackIds: string[]) => client.confirmFaces(personId, needFaces(trackIds));
  /** "Not this person": each face leaves for a person of its own and is not suggested for this one again. */
  const reject = (personId: string, trackIds: string[]) => client.rejectFaces(personId, needFaces(trackIds));
  /** Everyone in `from` becomes `targetId` (which keeps its name, or takes the first source's). */
  const merge = (targetId: string, from: string[]) => client.mergePeople(targetId, from.filter((f) => f !== targetId));
  /** The faces move to a new person (or to the person called `newName`); answers that person. */
  const split = (personId: string, trackIds: string[], newName?: string) => client.splitPerson(personId, needFaces(trackIds), newName?.trim() || undefined);
  const remove = (personId: string) => client.deletePerson(personId);

  /**
   * The asset and the face moment a track is, to open the asset at that moment. Falls back to a moment
   * built from the track when the index has none at that time (a re-index in flight).
   */
  async function faceMoment(track: FaceTrack, asset?: Asset): Promise<{ asset: Asset; moment: Moment }> {
    const a = asset ?? (await client.getAsset(track.assetId));
    const faces = await client.moments(track.assetId, 'face');
    const found = faces.find((m) => m.startMs === track.startMs) ?? faces.find((m) => m.startMs < track.endMs && m.endMs > track.startMs);
    return { asset: a, moment: found ?? trackMoment(a, track) };
  }

  return { list, open, name, confirm, reject, merge, split, remove, faceMoment };
}

export type PeopleActions = ReturnType<typeof createPeopleActions>;

function needFaces(trackIds: string[]): string[] {
  if (trackIds.length === 0) throw new AppError('request.invalid', 'Select one or more faces first');
  return trackIds;
}

function trackMoment(asset: Asset, t: FaceTrack): Moment {
  return {
    assetId: asset.id, kind: 'face', startMs: t.startMs, endMs: t.endMs, timecodeIn: assetTimecode(asset, t.startMs), timecodeOut: assetTimecode(asset, t.endMs),
    text: 'seen: face', highlighted: 'seen: face', score: 0, confidence: null, thumbnailUrl: null, matchedBy: 'none',
  };
}
