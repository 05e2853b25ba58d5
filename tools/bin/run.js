#!/usr/bin/env node
// Runs a tool of the repository through tsx: `node tools/bin/run.js bench [options]`, `… reliability [options]`.
import { register } from 'tsx/esm/api';

register();
const [tool, ...args] = process.argv.slice(2);
const tools = {
  bench: '../src/bench/main.ts',
  reliability: '../src/reliability/main.ts',
  simulator: '../src/simulator/cli.ts',
};
if (!tool || !(tool in tools)) {
  console.error(`usage: node tools/bin/run.js <${Object.keys(tools).join('|')}> [options]`);
  process.exit(2);
}
const entry = /** @type {{ main: (args: string[]) => Promise<number> }} */ (
  await import(tools[/** @type {keyof typeof tools} */ (tool)])
);
process.exitCode = await entry.main(args);
