// @cutaway/shared/testing — helpers for the tests and benches of every workspace (Node only).
export { freePort } from './free-port';
