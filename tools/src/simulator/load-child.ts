/** The load generator of runLoadInChild: options as JSON on standard input, the report as JSON on standard output. */
import { runLoad, type LoadOptions } from './load';

const chunks: Buffer[] = [];
for await (const c of process.stdin) chunks.push(c as Buffer);
const options = JSON.parse(Buffer.concat(chunks).toString('utf8')) as LoadOptions;
process.stdout.write(JSON.stringify(await runLoad(options)));
