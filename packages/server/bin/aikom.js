#!/usr/bin/env node
// The operator CLI (`npx aikom <command>`). The server is TypeScript run through tsx: no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
