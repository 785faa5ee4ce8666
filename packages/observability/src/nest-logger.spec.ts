import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import pino from 'pino';
import { currentLogger, PinoNestLogger, replaceScopedLogger, withLogger } from './nest-logger.js';

/** A pino logger writing JSON lines into an array. */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { root: pino({ level: 'debug', base: {} }, stream), lines };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('PinoNestLogger', () => {
  it("turns Nest's calls into pino lines: context, fields, errors, levels", async () => {
    const { root, lines } = capture();
    const nest = new PinoNestLogger(root);
    nest.log('ready', 'Runner');
    nest.warn({ task_id: 't1' }, 'Runner');
    nest.error('failed', 'Error: boom\n    at here', 'Runner');
    nest.verbose('chatty');
    await flush();
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'ready', context: 'Runner' }),
      expect.objectContaining({ level: 40, task_id: 't1', context: 'Runner' }),
      expect.objectContaining({ level: 50, msg: 'failed', context: 'Runner', stack: 'Error: boom\n    at here' }),
    ]);
  });

  it('writes through the scoped logger inside withLogger, across awaits, and through its replacement', async () => {
    const { root, lines } = capture();
    const nest = new PinoNestLogger(root);
    await withLogger(root.child({ task_id: 't2' }), async () => {
      await flush();
      nest.log('claimed');
      replaceScopedLogger(currentLogger(root).child({ attempt: 2 }));
      await flush();
      nest.log('done');
    });
    nest.log('outside');
    await flush();
    expect(lines.map(({ msg, task_id, attempt }) => ({ msg, task_id, attempt }))).toEqual([
      { msg: 'claimed', task_id: 't2', attempt: undefined },
      { msg: 'done', task_id: 't2', attempt: 2 },
      { msg: 'outside', task_id: undefined, attempt: undefined },
    ]);
  });
});
