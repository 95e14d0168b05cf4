import { EventEmitter } from 'node:events';
import pino from 'pino';
import { installProcessGuard } from '../../src/process-guard';

// Child for guard.test.ts: an 'error' event nobody listens to and a rejected promise nobody catches,
// then proof of life. With GUARD=off the first one ends the process (the behaviour before issue 7).
if (process.env.GUARD !== 'off') installProcessGuard(pino({ base: null, timestamp: false }, pino.destination(2)));
setTimeout(() => new EventEmitter().emit('error', new Error('stream destroyed before anyone listened')), 10);
setTimeout(() => void Promise.reject(new Error('a bookkeeping write failed')), 20);
setTimeout(() => process.stdout.write('still serving\n'), 100);
