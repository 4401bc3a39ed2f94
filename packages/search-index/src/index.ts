export {
  INDEX_FAMILIES,
  type IndexFamily,
  type IndexItem,
  MAX_CONTENT_BYTES,
  type SearchHit,
  type SyncOutcome,
  type SyncState,
} from './indexItem.js';
export { INDEX_FILE_NAME } from './openIndexDatabase.js';
export {
  openSearchIndex,
  type SearchIndex,
  type SearchIndexOptions,
  type SearchOptions,
} from './openSearchIndex.js';
export { SearchIndexError, type SearchIndexErrorCode } from './searchIndexError.js';
export { searchTerms } from './searchTerms.js';
export type { SyncTokenStore } from './syncTokens.js';
