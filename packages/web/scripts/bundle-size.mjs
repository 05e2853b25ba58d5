#!/usr/bin/env node
// The JavaScript a browser downloads on the portal's first load: the entry chunk of index.html and every chunk it
// imports statically (lazy route chunks are not part of it), measured from the build manifest, gzipped.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

/**
 * @param {string} file
 * @returns {unknown}
 */
function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const DEFAULT_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

/** First-load JavaScript budget of the portal, gzipped. */
export const FIRST_LOAD_JS_BUDGET_BYTES = 300 * 1024;

/**
 * @typedef {{ file: string, isEntry?: boolean, imports?: string[], dynamicImports?: string[] }} ManifestChunk
 * @typedef {{ file: string, bytes: number, gzipBytes: number }} ChunkSize
 */

/**
 * @param {{ distDir?: string, alsoLoad?: string[] }} [options] `alsoLoad`: manifest keys of lazy chunks to count
 *   as loaded too (e.g. `src/pages/territories/TerritoriesPage.tsx` for a deep link)
 * @returns {{ files: ChunkSize[], bytes: number, gzipBytes: number }}
 */
export function firstLoadJs(options = {}) {
  const distDir = options.distDir ?? DEFAULT_DIST;
  const manifestFile = path.join(distDir, '.vite', 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} is missing: build the portal first`);
  const manifest = /** @type {Record<string, ManifestChunk>} */ (readJson(manifestFile));
  const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
  if (entries.length !== 1) throw new Error(`expected one entry in ${manifestFile}, found ${entries.length}`);
  /** @type {Set<string>} */
  const seen = new Set();
  /** @param {string} key */
  const visit = (key) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the build manifest`);
    seen.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(/** @type {[string, ManifestChunk]} */ (entries[0])[0]);
  for (const key of options.alsoLoad ?? []) visit(key);
  const files = [...seen]
    .map((key) => /** @type {ManifestChunk} */ (manifest[key]).file)
    .filter((file) => file.endsWith('.js'))
    .map((file) => {
      const content = fs.readFileSync(path.join(distDir, file));
      return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    });
  return {
    files,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
  };
}

/**
 * Gzipped bytes of the JavaScript of the first load (entry + static imports), for the benchmark report.
 * @param {{ distDir?: string }} [options]
 * @returns {number}
 */
export function firstLoadJsGzipBytes(options = {}) {
  return firstLoadJs(options).gzipBytes;
}

if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  const result = firstLoadJs();
  for (const f of result.files) console.log(`${f.file}  ${f.bytes} B, gzip ${f.gzipBytes} B`);
  const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `first-load JS: ${kb(result.bytes)}, gzip ${kb(result.gzipBytes)} (budget ${kb(FIRST_LOAD_JS_BUDGET_BYTES)})`,
  );
}
