import { jestConfig } from '@atropos/jest-config';

// Unit specs of the pure logic beside it (app/lib); the pages are tested in a browser by tests/web.
export default jestConfig({ testMatch: ['<rootDir>/app/**/*.spec.ts'] });
