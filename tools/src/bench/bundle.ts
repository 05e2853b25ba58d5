import { ensureBuilt } from '../../../packages/web/scripts/ensure-built.mjs';
import { FIRST_LOAD_JS_BUDGET_BYTES, firstLoadJsGzipBytes } from '../../../packages/web/scripts/bundle-size.mjs';
import type { Benchmark } from './harness';

export const portalBundle: Benchmark = {
  name: 'portal-bundle',
  issue: 2,
  description: 'JavaScript shipped on the portal’s first load, gzipped',
  async run() {
    await ensureBuilt({ log: () => undefined });
    const bytes = firstLoadJsGzipBytes();
    return [
      {
        metric: 'first-load JavaScript, gzipped',
        value: bytes / 1024,
        unit: 'KB',
        target: `≤ ${FIRST_LOAD_JS_BUDGET_BYTES / 1024} KB`,
        pass: bytes <= FIRST_LOAD_JS_BUDGET_BYTES,
      },
    ];
  },
};
