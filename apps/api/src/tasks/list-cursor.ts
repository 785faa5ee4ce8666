/** Where a newest-first page ended: the (created_at, id) of its last task. */
export interface ListCursor {
  createdAt: Date;
  id: string;
}

/** Opaque to clients: base64url of "<ISO time>|<id>". Timestamps are stored to the millisecond, so this is exact. */
export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Returns null for anything this API did not hand out, so the caller can answer 400. */
export function decodeCursor(value: string): ListCursor | null {
  const [time, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !time || !id || !UUID.test(id)) return null;
  const createdAt = new Date(time);
  return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id };
}
