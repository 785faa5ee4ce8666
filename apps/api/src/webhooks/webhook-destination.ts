import ipaddr from 'ipaddr.js';
import type { LookupAddress, LookupOptions } from 'node:dns';
import dns from 'node:dns';
import net from 'node:net';

/**
 * The SSRF guard of webhooks: a delivery goes only to public addresses, unless its host is listed
 * in WEBHOOK_ALLOWED_HOSTS. Without it, anyone allowed to create a webhook (or a task with a
 * callback_url) could make the API POST to the database, the metadata service of the cloud
 * (169.254.169.254) or anything else on its private network.
 *
 * Checked twice: when a subscription or callback_url is given (400, so the mistake shows at once),
 * and at every attempt, on the address actually connected to (`guardedLookup`), so a name that
 * resolved to a public address then and to a private one now (DNS rebinding) is still refused.
 */

/** Only unicast addresses of the public internet; ipaddr.js names every special range. */
function isPublic(address: string): boolean {
  return ipaddr.process(address).range() === 'unicast';
}

/** Why the host may not be sent to, or null when it may. Resolves names (all their addresses must be public). */
export async function destinationProblem(url: string, allowedHosts: readonly string[]): Promise<string | null> {
  let host: string;
  try {
    host = hostOf(new URL(url));
  } catch {
    return 'must be a URL';
  }
  if (allowedHosts.includes(host.toLowerCase())) return null;
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true })).map((entry) => entry.address);
  } catch (error) {
    return `host ${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  const refused = addresses.find((address) => !isPublic(address));
  return refused === undefined ? null : refusal(host, refused);
}

/** The URL's host as net and dns take it: IPv6 literals without their brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function refusal(host: string, address: string): string {
  const range = ipaddr.process(address).range();
  return `host ${host} is ${address}, a ${range} address: refused unless listed in WEBHOOK_ALLOWED_HOSTS`;
}

/**
 * A `lookup` for http.request that refuses what `destinationProblem` refuses, on the addresses the
 * socket is about to connect to. Node calls it for host names only; an address in the URL is
 * checked before the request (`destinationProblem`).
 */
export function guardedLookup(host: string, allowedHosts: readonly string[]): net.LookupFunction {
  const allowed = allowedHosts.includes(host.toLowerCase());
  return (hostname: string, options: LookupOptions, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, entries: LookupAddress[]) => {
      const refused = error || allowed ? undefined : entries.find((entry) => !isPublic(entry.address));
      const [first] = error ? [] : entries;
      if (error) callback(error, '', 0);
      else if (refused) callback(new Error(refusal(hostname, refused.address)), '', 0);
      else if (options.all) (callback as unknown as (error: null, entries: LookupAddress[]) => void)(null, entries);
      else if (!first) callback(new Error(`host ${hostname} has no address`), '', 0);
      else callback(null, first.address, first.family);
    });
  };
}
