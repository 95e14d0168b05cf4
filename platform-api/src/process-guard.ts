import type { Logger } from 'pino';

/**
 * The last line of defence (issue 7 "Crashes and 500s"): an error that escaped every handler — an 'error'
 * event nobody listened to, a promise nobody caught — is logged and the process keeps serving, instead of
 * one bad request taking every client down. Node's docs advise restarting after an uncaughtException
 * because state may be inconsistent; here every piece of accepted work is durable (queue leases, atomic
 * storage renames), so staying up is the lesser harm. Fatal start-up errors are handled in main, not here.
 * Returns a function that removes the guard.
 */
export function installProcessGuard(log: Logger, proc: NodeJS.Process = process): () => void {
  const onException = (err: Error, origin: string) => {
    log.error({ err, origin }, 'uncaught exception: logged, still serving');
  };
  const onRejection = (reason: unknown) => {
    log.error({ err: reason }, 'unhandled promise rejection: logged, still serving');
  };
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}
