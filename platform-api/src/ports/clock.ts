/** Time and ids as ports so services stay deterministic under test. */
export interface Clock {
  now(): Date;
}
export interface IdGenerator {
  /** Opaque, URL-safe, matching IdSchema. */
  newId(): string;
}
