export { TesseractTextRecognizer, type TesseractOptions } from './tesseract-text-recognizer';
export { ocrFilterGraph } from './graph';
export { mergeReadings, normaliseLine, sameText } from './merge';
export { parseTsv } from './tsv';
