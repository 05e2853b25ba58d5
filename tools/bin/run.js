#!/usr/bin/env node
// Runs a tool of the repository through tsx: `node tools/bin/run.js bench [options]`, `… simulator [options]`.
import { register } from 'tsx/esm/api';

register();

/** @type {Record<string, () => Promise<{ main: (args: string[]) => Promise<number> }>>} */
const tools = {
  bench: () => import('../src/bench/main.ts'),
  simulator: () => import('../src/simulator/cli.ts'),
  soak: () => import('../src/reliability/soak.ts'),
};
const [tool, ...args] = process.argv.slice(2);
const load = tool ? tools[tool] : undefined;
if (!load) {
  console.error(`usage: node tools/bin/run.js <${Object.keys(tools).join('|')}> [options]`);
  process.exit(2);
}
const entry = await load();
process.exitCode = await entry.main(args);
