// Public API of @cutaway/shared/client. Runs in Node and UXP: nothing here imports a Node built-in.
export { CutawayClient, type CallOptions, type CutawayClientOptions, type MediaDownload, type MediaUrlOptions, type UploadMeta } from './api-client';
export {
  connectEvents, eventsUrl,
  type ConnectEventsOptions, type EventsConnection, type EventsState, type WebSocketConstructor, type WebSocketLike,
} from './events';
export { fetchTransport, type FetchLike, type HttpMethod, type HttpRequest, type HttpResponse, type HttpTransport, type ResponseType } from './transport';
export { axiosTransport, type AxiosLike, type AxiosLikeConfig } from './axios-transport';
export type { Query, QueryValue } from './url';
