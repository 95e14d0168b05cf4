/**
 * The relevance benchmark's labelled corpus (issue 14 "Relevance benchmark"), built by construction:
 * news-like clips from story templates (topic sentence, a spoken name, a shared closing line), with
 * lower thirds (the place, and a reporter's name shown but never said), hard cuts, several espeak-ng
 * voices and rates. Clips of one topic are distractors for each other: they share the topic's words
 * and differ in the object, place and names. Queries of every kind are derived from the same script,
 * so each one's right asset and time interval are known without looking at what the pipeline heard.
 * Pure and deterministic: the same size gives the same script (and the same media cache key).
 */

export type QueryKind = 'words' | 'names' | 'screen' | 'paraphrase' | 'alias' | 'misspelling' | 'none' | 'title';
export const QUERY_KINDS: readonly QueryKind[] = ['words', 'names', 'screen', 'paraphrase', 'alias', 'misspelling', 'none', 'title'];

export interface Interval { fromMs: number; toMs: number }

export interface ClipScript {
  key: string;
  title: string;
  description: string;
  tags: string[];
  durationS: number;
  cutsAtS: number[];
  speech: Array<{ text: string; atS: number; voice: string; wpm: number }>;
  lowerThirds: Array<{ text: string; fromS: number; toS: number }>;
}

/** Where a query's answer is: a spoken line (by index), a lower third (by index), or anywhere in the clip. */
export type TruthRef = { clip: number; speech: number } | { clip: number; lowerThird: number } | { clip: number; whole: true };

export interface BenchQuery {
  kind: QueryKind;
  q: string;
  /** Empty for `none`: nothing in the corpus answers it. */
  truth: TruthRef[];
}

export interface Corpus {
  clips: ClipScript[];
  queries: BenchQuery[];
  /** Vocabulary alias groups to create before querying (the `alias` queries use the first term). */
  vocabulary: Array<{ terms: string[] }>;
}

interface Topic {
  word: string;
  /** Sentence with {obj} and {place}; the paraphrase says the same with other words ({para} = the object's paraphrase). */
  line: string;
  paraphrase: string;
  objects: Array<[obj: string, para: string]>;
  role: string;
  quote: string;
  placeCaption: string;
}

const TOPICS: Topic[] = [
  { word: 'fire', line: 'Firefighters battled a fire at the {obj} in {place} this morning.', paraphrase: 'crews fought flames at a {para}', objects: [['warehouse', 'storage depot'], ['bakery', 'bread shop'], ['sawmill', 'timber yard'], ['cinema', 'movie theatre']], role: 'Fire chief', quote: 'nobody was hurt', placeCaption: 'WATERFRONT' },
  { word: 'flood', line: 'Heavy rain caused a flood at the {obj} in {place} overnight.', paraphrase: 'storm water swamped the {para}', objects: [['railway station', 'train terminal'], ['shopping centre', 'retail mall'], ['football ground', 'soccer stadium'], ['public library', 'book lending hall']], role: 'Mayor', quote: 'the clean up will take weeks', placeCaption: 'CITY CENTRE' },
  { word: 'election', line: 'Voters in {place} held an election for a new {obj} on Sunday.', paraphrase: 'residents went to the polls to choose a {para}', objects: [['mayor', 'city leader'], ['sheriff', 'county lawman'], ['governor', 'state leader'], ['senator', 'member of the upper house']], role: 'Candidate', quote: 'the turnout was very high', placeCaption: 'TOWN HALL' },
  { word: 'bridge', line: 'The {obj} bridge in {place} is closed for repairs until spring.', paraphrase: 'maintenance shuts the {para} crossing', objects: [['railway', 'train'], ['suspension', 'cable hung'], ['pedestrian', 'footpath'], ['motorway', 'highway']], role: 'Engineer', quote: 'the cables are worn out', placeCaption: 'RIVERSIDE' },
  { word: 'hospital', line: 'The hospital in {place} opened a new {obj} ward this week.', paraphrase: 'a clinic added a {para} unit', objects: [['maternity', 'birth'], ['cancer', 'tumour treatment'], ['children', 'paediatric'], ['heart', 'cardiac']], role: 'Doctor', quote: 'waiting times will fall', placeCaption: 'GENERAL HOSPITAL' },
  { word: 'final', line: 'The team from {place} won the {obj} final after extra time.', paraphrase: 'the side claimed the {para} trophy in overtime', objects: [['hockey', 'ice sport'], ['rugby', 'scrum game'], ['basketball', 'hoops'], ['volleyball', 'net game']], role: 'Coach', quote: 'the players never gave up', placeCaption: 'STADIUM' },
  { word: 'snow', line: 'Snow and strong winds will hit {place} on {obj} morning.', paraphrase: 'a blizzard is forecast at the start of {para}', objects: [['Monday', 'the working week'], ['Wednesday', 'midweek'], ['Friday', 'the end of the week'], ['Saturday', 'the weekend']], role: 'Forecaster', quote: 'drivers should stay at home', placeCaption: 'WEATHER CENTRE' },
  { word: 'court', line: 'A court in {place} jailed the {obj} for five years.', paraphrase: 'a judge sent the {para} to prison', objects: [['bank robber', 'armed thief'], ['smuggler', 'contraband runner'], ['forger', 'counterfeiter'], ['arsonist', 'fire starter']], role: 'Prosecutor', quote: 'justice has been done', placeCaption: 'CROWN COURT' },
  { word: 'factory', line: 'The {obj} factory in {place} will cut two hundred jobs.', paraphrase: 'a {para} plant plans layoffs', objects: [['steel', 'metal works'], ['glass', 'window making'], ['paper', 'pulp mill'], ['textile', 'cloth weaving']], role: 'Union leader', quote: 'workers deserve better', placeCaption: 'INDUSTRIAL PARK' },
  { word: 'students', line: 'Students in {place} launched a {obj} into the sky.', paraphrase: 'pupils sent a {para} aloft', objects: [['weather balloon', 'high altitude balloon'], ['model rocket', 'small missile'], ['kite camera', 'flying lens'], ['paper glider', 'folded plane']], role: 'Teacher', quote: 'the data looks great', placeCaption: 'SCIENCE PARK' },
];

/** Places, each said in the topic line and shown as a lower third. The first ones have an old name (vocabulary alias). */
const PLACES: Array<[place: string, alias: string | null]> = [
  ['Mumbai', 'Bombay'], ['Kyiv', 'Kiev'], ['Chennai', 'Madras'], ['Beijing', 'Peking'], ['Yangon', 'Rangoon'], ['Kolkata', 'Calcutta'],
  ['Gdansk', 'Danzig'], ['Istanbul', 'Constantinople'], ['Harare', 'Salisbury'], ['Astana', 'Akmola'], ['Volgograd', 'Stalingrad'],
  ['Oslo', 'Christiania'], ['Kinshasa', 'Leopoldville'], ['Jakarta', 'Batavia'], ['Tallinn', 'Reval'], ['Maputo', 'Lourenco'],
  ['Kingston', null], ['Leeds', null], ['Denver', null], ['Glasgow', null], ['Toronto', null], ['Dublin', null], ['Cardiff', null],
  ['Phoenix', null], ['Bristol', null], ['Madrid', null], ['Lisbon', null], ['Vienna', null], ['Prague', null], ['Helsinki', null],
  ['Nairobi', null], ['Lagos', null], ['Sydney', null], ['Perth', null], ['Austin', null], ['Boston', null], ['Seattle', null],
  ['Dallas', null], ['Houston', null], ['Detroit', null],
];

/** Names said aloud: many missing from the recogniser's language model, which is why phonetic search exists. */
const SAID_NAMES = [
  'Kowalski', 'Nakamura', 'Okonkwo', 'Fitzgerald', 'Castellano', 'Abernathy', 'Lindqvist', 'Moreno', 'Takahashi', 'Rasmussen',
  'Oyelaran', 'Petrovic', 'Gallagher', 'Villanueva', 'Haugland', 'Dimitriou', 'Mbeki', 'Sorensen', 'Kaminski', 'Alvarado',
  'Brennan', 'Nowak', 'Ishikawa', 'Delacroix', 'Yamamoto', 'Horvath', 'Ferreira', 'Novotny', 'Okafor', 'Bergstrom',
  'Mahoney', 'Szabo', 'Lombardi', 'Janssen', 'Kuznetsov', 'Andersen', 'Quintero', 'Wojcik', 'Hakimi', 'Thornbury',
];

/** Reporters: shown on screen, never said. */
const REPORTERS = [
  'Marta Quill', 'Dev Patankar', 'Sofia Brandt', 'Owen Trelawny', 'Lena Vasquez', 'Tomas Greer', 'Aisha Mbatha', 'Ravi Kulkarni',
  'Greta Holm', 'Nico Falcone', 'Hana Sato', 'Pavel Dusek', 'Ines Carvalho', 'Felix Brandauer', 'Maya Okoro', 'Jonas Wennberg',
  'Clara Montfort', 'Idris Bello', 'Yuki Mori', 'Elif Aydin', 'Bruno Salazar', 'Kira Lundgren', 'Omar Haddad', 'Tessa Whitlock',
  'Luca Bianchi', 'Nadia Rahimi', 'Piet Verhoeven', 'Sana Qureshi', 'Milo Faraday', 'Rosa Lindholm', 'Arjun Mehra', 'Vera Kolar',
  'Emil Strand', 'Zara Hussain', 'Theo Marchetti', 'Anya Volkova', 'Kofi Asante', 'Lina Koenig', 'Marco Rinaldi', 'Ida Sundberg',
];

/** Words that only the title holds. */
const CODEWORDS = ['aurora', 'basalt', 'cobalt', 'dynamo', 'ember', 'falcon', 'granite', 'harbinger', 'indigo', 'jasper', 'kestrel', 'lantern', 'meridian', 'nebula', 'obsidian', 'paragon', 'quartz', 'rampart', 'sapphire', 'tundra',
  'alder', 'beacon', 'cinder', 'equinox', 'fjord', 'glacier', 'halcyon', 'ivory', 'juniper', 'kraken', 'lagoon', 'monsoon', 'nimbus', 'orchid', 'pinnacle', 'quiver', 'raven', 'solstice', 'thistle', 'zephyr'];

/** Queries nothing in the corpus answers: other topics, names never said or shown. */
const NONE = [
  'volcano eruption', 'olympic swimming record', 'Schwarzenegger', 'cryptocurrency exchange collapse', 'penguin colony',
  'royal wedding', 'Wimbledon tennis champion', 'earthquake aftershock', 'space station astronaut', 'vaccine trial results',
  'Kilimanjaro climbers', 'lottery jackpot winner', 'Zuckerberg testimony', 'coral reef bleaching', 'jazz festival lineup',
  'oil tanker spill', 'Tchaikovsky concerto', 'avalanche rescue dogs', 'chess grandmaster', 'Eurovision song contest',
  'Fujimori pardon', 'wildlife poaching', 'submarine cable cut', 'Grimaldi palace', 'marathon world record',
  'pharmacy strike', 'Vanderbilt heirs', 'drought in the vineyards', 'museum heist', 'Okavango delta',
];

const VOICES: Array<[voice: string, wpm: number]> = [['en-us', 165], ['en-us', 145], ['en-gb', 160], ['en-us', 185], ['en-gb-x-rp', 150], ['en-us+f3', 170]];

/** Deterministic one-edit misspelling (substitution, deletion, transposition, insertion by turns), never the word itself. */
export function misspell(word: string, turn: number): string {
  const w = word;
  const i = 1 + (turn % Math.max(1, w.length - 3));
  const vowels = 'aeiou';
  switch (turn % 4) {
    case 0: {
      const c = w[i]!.toLowerCase();
      const sub = vowels.includes(c) ? vowels[(vowels.indexOf(c) + 1) % 5]! : c === 'k' ? 'c' : c === 's' ? 'z' : c === 'n' ? 'm' : 'k';
      return w.slice(0, i) + sub + w.slice(i + 1);
    }
    case 1: return w.slice(0, i) + w.slice(i + 1);
    case 2: return w[i] === w[i + 1] ? w.slice(0, i) + w.slice(i + 1) : w.slice(0, i) + w[i + 1]! + w[i]! + w.slice(i + 2);
    default: return w.slice(0, i) + w[i]! + w.slice(i);
  }
}

const fill = (s: string, v: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? '');

export function buildCorpus(size: number): Corpus {
  if (size < 2 || size > PLACES.length) throw new Error(`corpus size must be 2–${PLACES.length}`);
  const clips: ClipScript[] = [];
  const queries: BenchQuery[] = [];
  const vocabulary: Corpus['vocabulary'] = [];
  // Interleave so a small corpus still holds distractor pairs: clips 0,1 share a topic, 2,3 the next…
  for (let c = 0; c < size; c++) {
    const topicNo = Math.floor(c / 2) % TOPICS.length;
    const variant = (c % 2) + 2 * Math.floor(c / (2 * TOPICS.length));
    const topic = TOPICS[topicNo]!;
    const [obj, para] = topic.objects[variant % topic.objects.length]!;
    const [place, alias] = PLACES[c]!;
    const name = SAID_NAMES[c]!;
    const reporter = REPORTERS[c]!;
    const [v1, w1] = VOICES[c % VOICES.length]!;
    const [v2, w2] = VOICES[(c + 3) % VOICES.length]!;
    const line = fill(topic.line, { obj, place });
    const codeword = CODEWORDS[c % CODEWORDS.length]!;
    clips.push({
      key: `clip${String(c).padStart(2, '0')}`,
      title: `${place} ${topic.word} ${codeword}`.replace(/^./, (x) => x.toUpperCase()),
      description: `Package from the ${place} desk.`,
      tags: [topic.word, 'news'],
      durationS: 15,
      cutsAtS: [5.04, 10.04],
      speech: [
        { text: line, atS: 0.5, voice: v1, wpm: w1 },
        { text: `${topic.role} ${name} said ${topic.quote}.`, atS: 6, voice: v2, wpm: w2 },
        { text: 'More on this story later in the programme.', atS: 11, voice: v1, wpm: w1 },
      ],
      lowerThirds: [
        { text: `${place.toUpperCase()} ${topic.placeCaption}`, fromS: 1, toS: 5 },
        { text: `REPORTING ${reporter.toUpperCase()}`, fromS: 10.5, toS: 14.5 },
      ],
    });
    const objWord = obj.split(' ').at(-1)!;
    queries.push({ kind: 'words', q: `${objWord} ${topic.word}`, truth: [{ clip: c, speech: 0 }] });
    queries.push({ kind: 'names', q: name, truth: [{ clip: c, speech: 1 }] });
    queries.push({ kind: 'screen', q: reporter, truth: [{ clip: c, lowerThird: 1 }] });
    queries.push({ kind: 'paraphrase', q: fill(topic.paraphrase, { para }), truth: [{ clip: c, speech: 0 }] });
    if (c % 2 === 0) queries.push({ kind: 'misspelling', q: misspell(reporter.split(' ')[1]!, c / 2), truth: [{ clip: c, lowerThird: 1 }] });
    else queries.push({ kind: 'misspelling', q: misspell(name, (c - 1) / 2), truth: [{ clip: c, speech: 1 }] });
    if (alias) {
      vocabulary.push({ terms: [alias, place] });
      queries.push({ kind: 'alias', q: alias, truth: [{ clip: c, speech: 0 }, { clip: c, lowerThird: 0 }] });
    }
    queries.push({ kind: 'title', q: codeword, truth: [{ clip: c, whole: true }] });
  }
  const noneCount = Math.max(8, Math.round(size * 0.75));
  for (let i = 0; i < Math.min(noneCount, NONE.length); i++) queries.push({ kind: 'none', q: NONE[i]!, truth: [] });
  return { clips, queries, vocabulary };
}
