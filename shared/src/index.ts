export * from './schemas/index';
export * from './errors/index';
export * from './timecode/index';
