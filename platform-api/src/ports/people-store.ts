/** A face track as stored: the public FaceTrack plus what only the server may see (issue 17). */
export interface StoredFaceTrack {
  id: string;
  assetId: string;
  personId: string | null;
  status: 'suggested' | 'confirmed';
  startMs: number;
  endMs: number;
  box: [number, number, number, number];
  quality: number;
  /** Unit-length identity descriptor; null when grouping is off or after a person's deletion. */
  descriptor: Float32Array | null;
  thumbnailKey: string | null;
  createdAt: string;
}

export interface StoredPerson {
  id: string;
  name: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PersonSummary extends StoredPerson {
  trackCount: number;
  assetCount: number;
  confirmedCount: number;
  /** The highest-quality track (confirmed ones first): its thumbnail represents the person. */
  bestTrackId: string | null;
}

/** A track's identity, for clustering: what the descriptor search needs and nothing more. */
export interface DescribedTrack {
  id: string;
  assetId: string;
  personId: string | null;
  descriptor: Float32Array;
}

/** People, face tracks, rejected suggestions and per-asset opt-outs; migrations 840–859. */
export interface PeopleStore {
  /** Replaces every track of an asset (re-running the faces step). */
  replaceAssetTracks(assetId: string, tracks: readonly StoredFaceTrack[]): Promise<void>;
  listAssetTracks(assetId: string): Promise<StoredFaceTrack[]>;
  getTracks(ids: readonly string[]): Promise<StoredFaceTrack[]>;
  listPersonTracks(personId: string): Promise<StoredFaceTrack[]>;
  /** Every track with a descriptor and a person: the library clustering compares against. */
  describedTracks(): Promise<DescribedTrack[]>;
  /** Moves tracks to a person (or none) with a status; returns how many changed. */
  assignTracks(ids: readonly string[], personId: string | null, status: 'suggested' | 'confirmed'): Promise<number>;
  /** Forgets descriptors (grouping switched off for an asset): the tracks stay as anonymous faces. */
  clearAssetDescriptors(assetId: string): Promise<void>;

  createPerson(person: StoredPerson): Promise<void>;
  getPerson(id: string): Promise<StoredPerson | null>;
  findPersonByName(name: string): Promise<StoredPerson | null>;
  listPeople(options: { named?: boolean; limit: number }): Promise<PersonSummary[]>;
  summary(id: string): Promise<PersonSummary | null>;
  renamePerson(id: string, name: string | null, updatedAt: string): Promise<boolean>;
  /** Deletes the person; their tracks lose person, descriptor and thumbnail (issue 17: deleting a person removes their descriptors). */
  deletePerson(id: string): Promise<boolean>;
  /** People without tracks (after merges and splits) are deleted. */
  deleteEmptyPeople(): Promise<number>;

  addRejections(trackIds: readonly string[], personId: string): Promise<void>;
  /** trackId → the people it must not be suggested to. */
  rejections(trackIds: readonly string[]): Promise<Map<string, Set<string>>>;

  setGrouping(assetId: string, enabled: boolean): Promise<void>;
  groupingEnabled(assetId: string): Promise<boolean>;
  /** Named people (id, name) whose name appears in a query: search looks them up. */
  namedPeople(): Promise<Array<{ id: string; name: string }>>;
}
