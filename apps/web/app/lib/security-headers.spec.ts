import { describe, expect, it } from '@jest/globals';
import { securityHeaders } from './security-headers';

const byName = (development: boolean) => Object.fromEntries(securityHeaders(development).map(({ key, value }) => [key, value]));

describe('securityHeaders', () => {
  it('forbids framing, sniffing and cross-origin referrers', () => {
    const headers = byName(false);
    expect(headers['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect(headers['X-Frame-Options']).toBe('DENY');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
  });

  it('keeps scripts, connections and forms to the web server itself, and eval to development', () => {
    const production = byName(false)['Content-Security-Policy']!;
    expect(production).toContain("default-src 'self'");
    expect(production).toContain("connect-src 'self'");
    expect(production).toContain("form-action 'self'");
    expect(production).toContain("object-src 'none'");
    expect(production).not.toContain('unsafe-eval');
    expect(byName(true)['Content-Security-Policy']).toContain("'unsafe-eval'");
  });
});
