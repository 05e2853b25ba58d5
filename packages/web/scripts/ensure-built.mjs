#!/usr/bin/env node
// Builds the portal only when its sources changed since the last build. A hash over every input of the build (the
// portal's sources and config, the SDK and domain sources it bundles, and the installed versions of its
// dependencies) is kept in dist/.build-hash; the same hash means dist/ is current. The hash is written only after a
// successful build, so an interrupted build is redone next time. Usage: `node scripts/ensure-built.mjs [--force]`.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * @param {string} file
 * @returns {unknown}
 */
function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO_DIR = path.resolve(WEB_DIR, '../..');
export const DIST_DIR = path.join(WEB_DIR, 'dist');
export const HASH_FILE = path.join(DIST_DIR, '.build-hash');

/** Inputs of the build, relative to the repository root. Directories are walked; tests are not inputs. */
const INPUTS = [
  'packages/web/src',
  'packages/web/public',
  'packages/web/index.html',
  'packages/web/vite.config.ts',
  'packages/web/package.json',
  'packages/web/tsconfig.json',
  'packages/sdk/src',
  'packages/sdk/package.json',
  'packages/domain/src',
  'packages/domain/package.json',
];
const IGNORED = /(^|\/)(node_modules|dist|\.DS_Store)(\/|$)|\.(test|int\.test|e2e\.test)\.tsx?$/;

/** @param {string} dir @returns {string[]} repository-relative paths of the files under dir, sorted */
function walk(dir) {
  /** @type {string[]} */
  const out = [];
  const abs = path.join(REPO_DIR, dir);
  if (!fs.existsSync(abs)) return out;
  if (fs.statSync(abs).isFile()) return [dir];
  for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (IGNORED.test(rel)) continue;
    if (entry.isDirectory()) out.push(...walk(rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

/** @param {string} name @returns {string} the installed version of a package, as Node resolves it from the portal */
function installedVersion(name) {
  for (let dir = WEB_DIR; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', name, 'package.json');
    if (fs.existsSync(manifest)) {
      const { version } = /** @type {{ version?: string }} */ (readJson(manifest));
      return version ?? '?';
    }
    if (path.dirname(dir) === dir) return 'missing';
  }
}

/** @returns {string} the hash of every input of the portal's build */
export function computeBuildHash() {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(walk)) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(REPO_DIR, file)));
    hash.update('\0');
  }
  const pkg = /** @type {{ dependencies?: Record<string, string>, devDependencies?: Record<string, string> }} */ (
    readJson(path.join(WEB_DIR, 'package.json'))
  );
  for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).sort()) {
    hash.update(`${name}@${installedVersion(name)}\0`);
  }
  return hash.digest('hex');
}

/** @returns {string | undefined} the hash of the build in dist/, if there is a complete one */
export function builtHash() {
  try {
    if (!fs.existsSync(path.join(DIST_DIR, 'index.html'))) return undefined;
    return fs.readFileSync(HASH_FILE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes sure packages/web/dist is a build of the current sources, building it when it is not.
 * @param {{ force?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<{ built: boolean, hash: string, ms: number }>}
 */
export async function ensureBuilt(options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  const started = Date.now();
  const hash = computeBuildHash();
  const short = hash.slice(0, 12);
  if (!options.force && builtHash() === hash) {
    log(`portal: build is up to date (${short})`);
    return { built: false, hash, ms: Date.now() - started };
  }
  fs.rmSync(HASH_FILE, { force: true });
  await runViteBuild();
  fs.writeFileSync(HASH_FILE, `${hash}\n`);
  const ms = Date.now() - started;
  log(`portal: built in ${(ms / 1000).toFixed(1)} s (${short})`);
  return { built: true, hash, ms };
}

/**
 * Runs `vite build` in a child process: the caller's environment may say NODE_ENV=test (vitest) or development,
 * which would make Vite bundle React's development build. Its output is shown only when the build fails.
 * @returns {Promise<void>}
 */
function runViteBuild() {
  const require = createRequire(import.meta.url);
  const vitePackage = require.resolve('vite/package.json');
  const { bin } = /** @type {{ bin: Record<string, string> }} */ (readJson(vitePackage));
  const viteBin = path.join(path.dirname(vitePackage), /** @type {string} */ (bin.vite));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [viteBin, 'build', '--config', path.join(WEB_DIR, 'vite.config.ts'), '--logLevel', 'warn'],
      {
        cwd: WEB_DIR,
        env: { ...process.env, NODE_ENV: 'production' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    /** @type {Buffer[]} */
    const output = [];
    child.stdout.on('data', (/** @type {Buffer} */ chunk) => output.push(chunk));
    child.stderr.on('data', (/** @type {Buffer} */ chunk) => output.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`vite build failed (${signal ?? `exit ${code}`}):\n${Buffer.concat(output).toString('utf8')}`),
        );
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  ensureBuilt({ force: process.argv.includes('--force') }).catch((/** @type {unknown} */ error) => {
    console.error('portal: build failed');
    console.error(error);
    process.exitCode = 1;
  });
}
