/**
 * The headers every page and route of the web server sends (next.config.ts). The CSP keeps
 * everything to this origin: the browser talks only to the web server, which calls the API itself.
 * Next.js inlines its bootstrap scripts and styles, so they need 'unsafe-inline' (no nonce without
 * rendering every page dynamically); `next dev` also evaluates code, so 'unsafe-eval' there only.
 * `frame-ancestors 'none'` (and X-Frame-Options for older browsers) keeps the UI out of frames:
 * its buttons cannot be clicked through another site's page.
 */
export function securityHeaders(development: boolean): Array<{ key: string; value: string }> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return [
    { key: 'Content-Security-Policy', value: csp },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  ];
}
