import type { IncomingMessage, ServerResponse } from 'node:http';

/** Deepest nesting of arrays and objects a JSON body may have; no route needs more than a few levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * A JSON body nested deeper than MAX_JSON_DEPTH. Carries `status` 400, which body-parser keeps
 * when it wraps an error its `verify` hook threw, and an `expose`d message for the client.
 */
export class JsonTooDeepError extends Error {
  override name = 'JsonTooDeepError';
  readonly status = 400;
  readonly expose = true;
  readonly type = 'entity.too.deep';

  constructor() {
    super(`The request body is nested more than ${MAX_JSON_DEPTH} levels deep`);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * body-parser's `verify` hook: one pass over the raw bytes, before JSON.parse and its reviver (which
 * recurses, and overflows the stack on a body a few thousand levels deep), counting the open
 * arrays and objects outside strings. A body that is not valid JSON is left for the parser to refuse.
 */
export function limitJsonDepth(_request: IncomingMessage, _response: ServerResponse, body: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > MAX_JSON_DEPTH) throw new JsonTooDeepError();
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
}
