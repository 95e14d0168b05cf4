// @cutaway/shared/ui/host — host contracts without React, for host adapters (premiere-panel/src/host, photoshop-plugin/src/host).
export type {
  Host, SettingsStore, ConnectionSettings, MediaFiles, DownloadRequest, LocalMedia, NleHost, NleItemRef, SequenceInfo,
  MarkerSpec, PlaceOptions, StillsHost,
} from './host';
export { nativePathToFileUri, fileUriToNativePath, safeFileName } from './paths';
export { createMemorySettings, createWebStorageSettings, type StorageLike } from './settings';
export { readWithProgress } from './read-body';
