import { weshopVitestConfig } from '../../vitest.shared.ts';

export default weshopVitestConfig();
