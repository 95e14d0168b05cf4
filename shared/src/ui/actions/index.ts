// @cutaway/shared/ui/actions — the app's actions as plain functions of (host, client), without React:
// the same calls an MCP server or an assistant makes.
export { createActions, mediaFileName, type ActionContext, type CutawayActions, type DownloadedMedia, type DownloadOptions, type ImportOptions, type ImportedMoment, type Rendition } from './cutaway-actions';
export { momentTicks, assetRate, type TickRange } from './moment-ticks';
export { createPeopleActions, type NamedPerson, type PeopleActions } from './people-actions';
