import { weshopVitestConfig } from '../vitest.shared.ts';

export default weshopVitestConfig({ testTimeout: 60_000 });
