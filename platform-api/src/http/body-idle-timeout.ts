import type { RequestHandler } from 'express';

/**
 * Cuts off a request body that goes quiet (issue 7 "Leftovers and resource bounds"). Node's requestTimeout
 * bounds the WHOLE request, which would also kill a slow but steady 20 GB upload, so it stays off; this is an
 * inactivity timer instead: it only fires when no byte arrived for `idleMs`, and only while a body is still
 * being received (not while the server works on the answer, which may legitimately take long).
 */
export function bodyIdleTimeout(idleMs: number): RequestHandler {
  return (req, _res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody || req.complete) return next();
    const socket = req.socket;
    const onIdle = () => {
      // Destroying the request makes every reader see an early end: uploads fail as upload.truncated and clean up.
      req.destroy(new Error(`request body idle for ${idleMs} ms`));
      socket.destroy();
    };
    socket.setTimeout(idleMs, onIdle);
    const done = () => {
      socket.setTimeout(0);
      socket.off('timeout', onIdle);
    };
    req.once('end', done);
    req.once('close', done);
    next();
  };
}
