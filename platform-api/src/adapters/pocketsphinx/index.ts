export { PocketsphinxSpeechToText, SEARCH_ARGS, PHONE_ARGS, type PocketsphinxOptions } from './pocketsphinx-speech';
export { parseWords } from './output';
export { planChunks, speechRegions, toMediaTime } from './regions';
