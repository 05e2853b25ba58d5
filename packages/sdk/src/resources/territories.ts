import { path, type CallOptions, type HttpClient } from '../http';

/**
 * Types of the territory endpoints. They are written here, not imported from the server, so that the SDK has no
 * dependency on the server's libraries; `contract.test.ts` checks at compile time (`tsc`) that they still match the
 * server's TypeBox schemas.
 */

/** KATOTTH code: `UA` + 17 digits. */
export type KatottgCode = string;

/** Kinds of the list of territories of hostilities and temporary occupation. */
export type HostilityKind =
  'possible_hostilities' | 'active_hostilities' | 'active_hostilities_with_state_eresources' | 'temporarily_occupied';

export interface Territory {
  code: KatottgCode;
  /** Name without the category word: «Бучанська». */
  name: string;
  /** Name as people write it: «Бучанська територіальна громада», «м. Буча». */
  displayName: string;
  /** KATOTTH category letter: O, K, P, H, M, X, C, B, T. */
  category: string;
  /** Category in Ukrainian: «територіальна громада». */
  categoryLabel: string;
  /** 1 oblast / АРК / special-status city, 2 raion, 3 hromada, 4 settlement, 5 city district. */
  level: number;
  childCount: number;
  /** On the list of hostilities/occupation now (itself or a unit containing it). */
  listed: boolean;
}

export interface TerritorySearchHit extends Territory {
  /** Containing units, e.g. «Київська область › Бучанський район» (empty at the top level). */
  pathLabel: string;
}

export interface HostilityPeriod {
  /** One of {@link HostilityKind}; a kind added to the list later arrives as its code. */
  kind: HostilityKind | (string & {});
  /** Kind in Ukrainian, as the server names it. */
  kindLabel: string;
  /** The territory the period is listed for. */
  code: KatottgCode;
  /** Name as in the list (may note exceptions). */
  listedName: string;
  /** ISO date `YYYY-MM-DD`, `null` when the list gives none. */
  start: string | null;
  /** ISO date `YYYY-MM-DD`; `null` = still listed. */
  end: string | null;
  /** Listed for the territory itself, for a unit containing it, or for a settlement inside it. */
  scope: 'self' | 'ancestor' | 'settlement';
}

export interface TerritoryDetail extends Territory {
  /** Containing units from the top level down. */
  path: Array<{ code: KatottgCode; displayName: string; level: number }>;
  hostilities: HostilityPeriod[];
  status: {
    /** Earliest start among the periods of the territory itself and of the units containing it. */
    listedSince: string | null;
    /** Kinds listed today for the territory itself or a unit containing it. */
    currentKinds: string[];
    /** Only some settlements inside it are listed (the territory itself is not). */
    partial: boolean;
  };
}

export interface TerritorySearchParams {
  /** At least 2 characters; case, apostrophe variants and Latin look-alikes do not matter. */
  q: string;
  /** 1–100, default 20. */
  limit?: number;
  /** Only this level (1–5). */
  level?: number;
}

/** The public territorial reference (KATOTTH and the list of hostilities and occupation). */
export function territoriesResource(http: HttpClient) {
  return {
    /** Units directly under `parent`, or the top level (oblasts, АРК, Kyiv, Sevastopol) without it. */
    children: (parent?: KatottgCode, call: CallOptions = {}) =>
      http
        .get<{ items: Territory[] }>('/api/v1/territories', { query: { parent }, signal: call.signal })
        .then((r) => r.items),

    /** Prefix search by name, most important units first. */
    search: (params: TerritorySearchParams, call: CallOptions = {}) =>
      http
        .get<{ items: TerritorySearchHit[] }>('/api/v1/territories/search', {
          query: { q: params.q, limit: params.limit, level: params.level },
          signal: call.signal,
        })
        .then((r) => r.items),

    /** One unit with its path and the periods it is (was) on the list of hostilities/occupation. */
    get: (code: KatottgCode, call: CallOptions = {}) =>
      http.get<TerritoryDetail>(path`/api/v1/territories/${code}`, { signal: call.signal }),
  };
}

export type TerritoriesResource = ReturnType<typeof territoriesResource>;
