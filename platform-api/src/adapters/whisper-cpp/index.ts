export { WhisperCppSpeechToText, type WhisperCppOptions } from './whisper-cpp-speech';
export { WhisperJsonSchema, wordsFromWhisperJson, type WhisperJson } from './json';
