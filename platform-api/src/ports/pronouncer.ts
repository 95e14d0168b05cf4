/**
 * How words sound, as ARPAbet phones without stress marks (the CMU Pronouncing Dictionary's alphabet,
 * which is also pocketsphinx's): "mayor" → ["M", "EY", "ER"].
 */
export interface Pronouncer {
  readonly engine: string;
  readonly model: string;
  /** Phones per lower-cased word; words it cannot pronounce are left out of the map. */
  pronounce(words: readonly string[]): Promise<Map<string, string[]>>;
}
