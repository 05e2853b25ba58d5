/**
 * OAuth scopes of the platform API. A platform is registered with a subset; a token carries the ones asked for (all
 * of the platform's by default). `roster.readonly` is the OneRoster 1.2 rostering scope
 * (https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly), accepted under either name.
 */
export const PLATFORM_SCOPES = ['pupils:read', 'pupils:write', 'changes:read', 'roster.readonly'] as const;
export type PlatformScope = (typeof PLATFORM_SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Readonly<Record<PlatformScope, string>> = {
  'pupils:read': 'Read pupils of linked schools',
  'pupils:write': 'Create and update pupils of linked schools, record exits',
  'changes:read': 'Read the change feed',
  'roster.readonly': 'OneRoster 1.2 read-only rostering of linked schools',
};

const ONEROSTER_SCOPE_URI = 'https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly';

export const isPlatformScope = (s: string): s is PlatformScope => (PLATFORM_SCOPES as readonly string[]).includes(s);

/** The scope's canonical name (the OneRoster URI is an alias of `roster.readonly`). */
export const canonicalScope = (s: string): string => (s === ONEROSTER_SCOPE_URI ? 'roster.readonly' : s);
