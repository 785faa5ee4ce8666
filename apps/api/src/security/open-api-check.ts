import { isIP } from 'node:net';

/** True for an address only this machine can reach: `localhost`, 127.0.0.0/8, `::1` (also IPv4-mapped). */
export function isLoopback(address: string): boolean {
  const host = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  const v4 = host.startsWith('::ffff:') ? host.slice('::ffff:'.length) : host;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return isIP(host) === 6 && /^(0{0,4}:){1,7}0{0,3}1$|^::1$/.test(host);
}

/** What decides whether an API without keys may start: where it can be reached from, and whether the operator said so. */
export interface OpenApiSettings {
  host: string;
  /** The host address a container's port is published on, which decides who reaches it (HOST is then 0.0.0.0). */
  publishedAddress?: string;
  allowOpenApi: boolean;
}

/**
 * Why the API must not start, or null. An API with no key at all (none in API_KEYS, none stored)
 * answers anyone who reaches it with full rights; that is fine on loopback (a laptop, or a
 * container published on 127.0.0.1), and on any other address only when the operator says so
 * (ALLOW_OPEN_API=true, e.g. behind a gateway that authenticates). One line, naming what to do.
 */
export function openApiRefusal(settings: OpenApiSettings, hasKeys: boolean): string | null {
  if (hasKeys || settings.allowOpenApi) return null;
  const reachable = settings.publishedAddress ?? settings.host;
  if (isLoopback(reachable)) return null;
  const where = settings.publishedAddress === undefined ? `HOST=${settings.host}` : `PUBLISHED_ADDRESS=${settings.publishedAddress}`;
  return (
    `Refusing to start: ${where} is reachable from other machines and no API key is configured, so anyone there could ` +
    'do anything; set API_KEYS (or create keys with `atropos keys create`), listen on 127.0.0.1, or set ALLOW_OPEN_API=true'
  );
}
