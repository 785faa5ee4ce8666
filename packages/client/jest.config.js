import { jestConfig } from '@atropos/jest-config';

export default jestConfig({ testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'] });
