/** Declarations of ensure-built.mjs, for TypeScript callers (tests, the benchmark harness). */
export declare const DIST_DIR: string;
export declare const HASH_FILE: string;
/** The hash of every input of the portal's build. */
export declare function computeBuildHash(): string;
/** The hash recorded with the build in dist/, if there is a complete build. */
export declare function builtHash(): string | undefined;
/** Builds packages/web/dist when its sources changed since the last build; prints (or logs) one line either way. */
export declare function ensureBuilt(options?: {
  force?: boolean;
  log?: (line: string) => void;
}): Promise<{ built: boolean; hash: string; ms: number }>;
