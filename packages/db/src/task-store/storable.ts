/**
 * What PostgreSQL cannot hold, made storable. `text` refuses the NUL character and `jsonb` refuses
 * both NUL and a lone UTF-16 surrogate (JSON.stringify writes one as a `\udXXX` escape), so a
 * handler's result, a command's output or an error message carrying either would have its write
 * refused and the attempt's outcome lost. What workers produce is therefore replaced, never
 * refused: NUL and lone surrogates become U+FFFD, the Unicode replacement character. (What clients
 * send is refused with a 400 by the API instead, so that they learn of it.)
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what must be found
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\ufffd');
}

export function storableTextOrNull(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : storableText(text);
}

/** A value that cannot become JSON at all (a cycle, a BigInt): the attempt fails with this, unrecoverably. */
export class UnstorableValueError extends Error {
  override readonly name = 'UnstorableValueError';
}

/**
 * The JSON text to store for `value`, with every string and key made storable. `undefined`
 * becomes `null`, as a missing result does.
 */
export function storableJson(value: unknown, what = 'The result'): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value ?? null, (_key, item: unknown) => (typeof item === 'string' ? storableText(item) : item));
  } catch (error) {
    throw new UnstorableValueError(`${what} cannot be stored as JSON: ${(error as Error).message}`);
  }
  // Keys are not passed through the replacer's strings; the escapes they may leave are mended here.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed string, but undefined for a function, a symbol or a toJSON() giving undefined
  return (json ?? 'null').replace(/\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/gi, '\\ufffd');
}
