import type { HostilityKind, TerritoryCategory } from '../territory';

/**
 * What the validator may ask about territories: the KATOTTH codifier and the list of territories of hostilities and
 * temporary occupation. The server answers from its reference tables; the browser may have neither, and then the
 * rules that need them are skipped (the server runs them again on save).
 */
export interface TerritoryLookup {
  /** The codifier entry of a code, or undefined when the codifier has no such code. */
  get(code: string): { category: TerritoryCategory; level: number; name: string } | undefined;
  /**
   * Periods on the list of the territory itself and of the units that contain it (a hromada is covered when its
   * raion or oblast is listed). Empty when the territory is not on the list.
   */
  hostilityPeriods(code: string): ReadonlyArray<{ kind: HostilityKind; start: string | null; end: string | null }>;
}

/** Grades 1–11 unless a deployment says otherwise (grade 12 comes with the reform, DOMAIN.md § 4). */
export const DEFAULT_GRADES = { min: 1, max: 11 } as const;

/** Everything a rule may depend on besides the record: pure data, so the same check runs anywhere. */
export interface ValidationContext {
  /** Today's date, ISO `YYYY-MM-DD`: the validator reads no clock. */
  today: string;
  /** The current school year by its first calendar year: 2025 for 2025-2026. */
  schoolYearStart: number;
  territories?: TerritoryLookup;
  grades?: { min: number; max: number };
}
