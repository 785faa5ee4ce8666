/**
 * The Jest preset every workspace uses: TypeScript sources run as native ESM through ts-jest
 * (the NestJS 12 packages are ESM-only, so Jest must run with --experimental-vm-modules).
 * Workspace packages (@atropos/*) are imported from their built dist/, which turbo builds first.
 */
export function jestConfig(overrides = {}) {
  return {
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    transform: {
      '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
    },
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
    // End-to-end tests start real processes; each waits on state with its own deadline.
    testTimeout: 60_000,
    ...overrides,
  };
}
