import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The browser build of the domain package, adjusted in two places without changing the domain itself:
 * - TypeBox probes `new Function` before compiling a validator; under the portal's CSP (no 'unsafe-eval') that
 *   probe is a reported CSP violation on every page that validates. The portal never evaluates code: the probe
 *   answers «no» at once and TypeBox uses its interpreter.
 * - `stdnum` is one module with the validators of every country; the domain uses only Ukraine's (РНОКПП, ЄДРПОУ).
 */
function domainForTheBrowser(): Plugin {
  const STDNUM = '\0aikom-stdnum-ua';
  return {
    name: 'aikom-domain-for-the-browser',
    enforce: 'pre',
    resolveId(source) {
      return source === 'stdnum' ? STDNUM : null;
    },
    load(id) {
      if (id === STDNUM) return "import * as UA from 'stdnum/lib/esm/ua/index.js';\nexport const stdnum = { UA };\n";
      if (/[\\/]typebox[\\/]build[\\/]system[\\/]environment[\\/]evaluate\.mjs$/.test(id)) {
        return [
          '/** Generated code is never evaluated in the portal (CSP without unsafe-eval). */',
          'export function CanEvaluate() { return false; }',
          "export function Evaluate() { throw new Error('code evaluation is disabled in the portal'); }",
        ].join('\n');
      }
      return null;
    },
  };
}

/**
 * The portal. The server serves `dist/` at `/` under a strict CSP (script-src 'self'): the build has no inline
 * scripts — the module-preload polyfill is bundled into the entry chunk, not inlined (checked by the e2e tests).
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [domainForTheBrowser(), react()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    // dist/.vite/manifest.json: the first-load JS budget is computed from it (scripts/bundle-size.mjs).
    manifest: true,
    sourcemap: false,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 300,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/healthz': 'http://127.0.0.1:3000',
    },
  },
  preview: { host: '127.0.0.1' },
});
