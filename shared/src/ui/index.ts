// @cutaway/shared/ui — React UI shared by the Premiere panel, the Photoshop plugin, the MOS plug-in and the
// browser console. React is a peer dependency. Host objects never appear here: apps inject a `Host`.
// Import the stylesheet once from the app: `import '@cutaway/shared/ui/styles.css'`.
export type {
  Host, SettingsStore, ConnectionSettings, MediaFiles, DownloadRequest, LocalMedia, NleHost, NleItemRef, SequenceInfo,
  MarkerSpec, PlaceOptions, StillsHost,
} from './host/host';
export { nativePathToFileUri, fileUriToNativePath, safeFileName } from './host/paths';
export { createActions, mediaFileName, type ActionContext, type CutawayActions, type DownloadedMedia, type ImportOptions, type ImportedMoment, type Rendition } from './actions/cutaway-actions';
export { momentTicks, assetRate, type TickRange } from './actions/moment-ticks';
export { userMessage } from './errors';
export { highlightParts } from './highlight';
export { assetTimecode, formatDuration, KIND_ICON, KIND_LABEL } from './format';
export { checkConnection, useConnection, type Connection, type ConnectionStatus } from './hooks/use-connection';
export { useOperation, type Op, type Perform } from './hooks/use-operation';
export { useSearchBox } from './hooks/use-search-box';
export { AppHeader, SettingsPanel, OpStatus, SearchStatus } from './components/AppChrome';
export { useSearch, searchQuery, EMPTY_FILTERS, type SearchFilters, type SavedSearch, type SearchState } from './hooks/use-search';
export { CutawayApp, type CutawayAppProps } from './components/CutawayApp';
export { ResultsList, type MomentAction, type ResultsListProps } from './components/ResultsList';
export { SearchBar } from './components/SearchBar';
export { ProxyPlayer } from './components/ProxyPlayer';
export { AssetDetail } from './components/AssetDetail';
export { ConnectionForm, ConnectionBadge } from './components/ConnectionForm';
export { LiveActivity } from './components/LiveActivity';
export { ArchiveStatus, type ArchiveStatusProps } from './components/ArchiveStatus';
export { StorageReportView, type StorageReportViewProps } from './components/StorageReportView';
export { PoliciesView, describeRules, type PoliciesViewProps } from './components/PoliciesView';
export { PolicyForm, DryRun, type PolicyFormProps } from './components/PolicyForm';
export { newPolicyForm, policyToForm, formToPolicy, parseTags, describePolicy, describeSchedule, serverErrors, type PolicyFormState, type PolicyFormErrors, type PolicyField } from './policy-form';
export { PeopleView, type PeopleViewProps } from './components/PeopleView';
export { createPeopleActions, type NamedPerson, type PeopleActions } from './actions/people-actions';
export { StackedBars, type StackedBarsProps } from './components/StackedBars';
export { archiveSummary, lateWarning, parseNeededBy, formatWhen, formatMoney, formatSize, usageRows, costRows, type ArchiveSummary, type LateWarning, type BarRow } from './archive-view';
export { createMemorySettings, createWebStorageSettings, type StorageLike } from './host/settings';
export { AssistantPanel } from './components/AssistantPanel';
export { AuditView } from './components/AuditView';
export { ApprovalsView, type ApprovalsViewProps } from './components/ApprovalsView';
export { decisionFor, expiresIn, pendingFirst, type Decision } from './approvals-view';
export { LiveCuePanel, type LiveCuePanelProps } from './components/LiveCuePanel';
