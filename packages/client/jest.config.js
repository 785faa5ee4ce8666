import { jestConfig } from '@atropos/jest-config';

export default jestConfig({ testMatch: ['<rootDir>/test/**/*.spec.ts'] });
