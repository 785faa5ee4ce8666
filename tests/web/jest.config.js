import { jestConfig } from '@atropos/jest-config';

// Browser tests start Chromium, the web, the API and a worker: one file at a time, generous deadlines.
export default jestConfig({ testTimeout: 120_000, maxWorkers: 1 });
