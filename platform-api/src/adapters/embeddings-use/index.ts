export { UseTextEmbedder, type UseTextEmbedderOptions } from './use-text-embedder';
export { USE_DIMENSIONS } from './use-model';
