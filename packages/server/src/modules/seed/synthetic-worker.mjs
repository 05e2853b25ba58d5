// Entry of a synthetic-load worker thread: TypeScript through tsx, as in the main process.
import { register } from 'tsx/esm/api';

register();
await import('./synthetic-worker.ts');
