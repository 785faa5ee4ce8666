import { jestConfig } from '@atropos/jest-config';

export default jestConfig();
