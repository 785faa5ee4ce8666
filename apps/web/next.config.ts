import type { NextConfig } from 'next';
import { securityHeaders } from './app/lib/security-headers';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // On every page, route handler and static file.
  headers() {
    return Promise.resolve([{ source: '/:path*', headers: securityHeaders(process.env.NODE_ENV === 'development') }]);
  },
};

export default nextConfig;
