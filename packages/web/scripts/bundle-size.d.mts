/** Declarations of bundle-size.mjs, for TypeScript callers (tests, the benchmark harness). */
export declare const FIRST_LOAD_JS_BUDGET_BYTES: number;
export interface ChunkSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}
/** The entry chunk and its static imports (plus `alsoLoad` lazy chunks), raw and gzipped. */
export declare function firstLoadJs(options?: { distDir?: string; alsoLoad?: string[] }): {
  files: ChunkSize[];
  bytes: number;
  gzipBytes: number;
};
/** Gzipped bytes of the JavaScript of the first load (entry + static imports). */
export declare function firstLoadJsGzipBytes(options?: { distDir?: string }): number;
