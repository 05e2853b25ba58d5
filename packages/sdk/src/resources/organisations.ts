import { path, type CallOptions, type HttpClient } from '../http';
import type { Page } from './users';

export type OrganisationKind = 'ministry' | 'region' | 'ouo' | 'school';

export type SchoolType =
  | 'primary'
  | 'gymnasium'
  | 'lyceum'
  | 'complex'
  | 'special'
  | 'sanatorium'
  | 'rehabilitation'
  | 'evening'
  | 'boarding'
  | 'other';

export type Ownership = 'state' | 'communal' | 'private';

/** `relocated`: a school from an occupied territory working elsewhere (its original location is kept). */
export type OrganisationStatus = 'operating' | 'relocated' | 'suspended' | 'closed';

export type SettlementType = 'urban' | 'rural';

export interface Organisation {
  id: string;
  kind: OrganisationKind;
  parentId: string | null;
  regionId: string | null;
  ouoId: string | null;
  name: string;
  shortName: string | null;
  /** ЄДРПОУ, 8 digits. */
  edrpou: string | null;
  territory: { code: string; name: string; category: string } | null;
  schoolType: SchoolType | (string & {}) | null;
  /** School type in Ukrainian, as the server names it. */
  schoolTypeLabel: string | null;
  ownership: Ownership | (string & {}) | null;
  settlementType: SettlementType | (string & {}) | null;
  status: OrganisationStatus | (string & {});
  /** Where a relocated school was before. */
  originalTerritory: { code: string; name: string } | null;
  founder: string | null;
  gradeMin: number | null;
  gradeMax: number | null;
  address: string | null;
  /** Organisations directly under this one. */
  childCount: number;
  /** Row version; the ETag is `"<version>"`. */
  version: number;
  updatedAt: string;
}

export interface OrganisationCreate {
  kind: 'region' | 'ouo' | 'school';
  /** The region for an ОУО, the ОУО for a school. */
  parentId: string;
  name: string;
  shortName?: string;
  edrpou?: string;
  /** KATOTTH code of the location (a settlement or city district for a school). */
  territoryCode?: string;
  schoolType?: SchoolType;
  ownership?: Ownership;
  /** Derived from the territory when absent. */
  settlementType?: SettlementType;
  status?: OrganisationStatus;
  /** Required when `status` is `relocated`. */
  originalTerritoryCode?: string;
  founder?: string;
  gradeMin?: number;
  gradeMax?: number;
  address?: string;
}

/** Only the fields to change; `null` clears an optional one. */
export interface OrganisationPatch {
  name?: string;
  shortName?: string | null;
  edrpou?: string;
  territoryCode?: string;
  schoolType?: SchoolType;
  ownership?: Ownership;
  settlementType?: SettlementType;
  status?: OrganisationStatus;
  originalTerritoryCode?: string | null;
  founder?: string | null;
  gradeMin?: number;
  gradeMax?: number;
  address?: string | null;
  /** Moves a school to another ОУО (region administrators). */
  parentId?: string;
}

/** One stored version: the organisation's columns as they were after the change. */
export interface OrganisationVersion {
  version: number;
  changedAt: string;
  /** Login of the user who made the change (null for the system). */
  changedBy: string | null;
  data: Record<string, unknown>;
}

export interface OrganisationListParams {
  kind?: OrganisationKind;
  parentId?: string;
  /** Name prefix or ЄДРПОУ. */
  q?: string;
  /** 1–500, default 100. */
  limit?: number;
  cursor?: string;
}

/** A resource with the ETag to send back as `If-Match` when changing it. */
export interface Tagged<T> {
  data: T;
  etag: string;
}

/** The ETag of a versioned resource whose answer had none (the server's ETag is the quoted version). */
export const etagOfVersion = (version: number) => `"${version}"`;

/** The organisations of the cascade within the caller's scope. */
export function organisationsResource(http: HttpClient) {
  return {
    list: (params: OrganisationListParams = {}, call: CallOptions = {}) =>
      http.get<Page<Organisation>>('/api/v1/organisations', { query: { ...params }, signal: call.signal }),

    get: async (id: string, call: CallOptions = {}): Promise<Tagged<Organisation>> => {
      const answer = await http.send<Organisation>('GET', path`/api/v1/organisations/${id}`, { signal: call.signal });
      return { data: answer.data, etag: answer.headers.get('etag') ?? etagOfVersion(answer.data.version) };
    },

    /** Every version, newest first. */
    history: (id: string, call: CallOptions = {}) =>
      http
        .get<{ items: OrganisationVersion[] }>(path`/api/v1/organisations/${id}/history`, { signal: call.signal })
        .then((r) => r.items),

    /** 400 `VALIDATION_FAILED` with field `errors` (e.g. `/edrpou` `EDRPOU_CHECK_DIGIT`). */
    create: (organisation: OrganisationCreate, call: CallOptions = {}) =>
      http.post<Organisation>('/api/v1/organisations', { body: organisation, signal: call.signal }),

    /** 412 `PRECONDITION_FAILED` when someone changed it since `ifMatch` was read. */
    update: async (
      id: string,
      patch: OrganisationPatch,
      options: { ifMatch: string },
      call: CallOptions = {},
    ): Promise<Tagged<Organisation>> => {
      const answer = await http.send<Organisation>('PATCH', path`/api/v1/organisations/${id}`, {
        body: patch,
        headers: { 'if-match': options.ifMatch },
        signal: call.signal,
      });
      return { data: answer.data, etag: answer.headers.get('etag') ?? etagOfVersion(answer.data.version) };
    },
  };
}

export type OrganisationsResource = ReturnType<typeof organisationsResource>;
