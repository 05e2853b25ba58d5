/**
 * What the registry contributes to an allocation, as of one date: its schools, the pupils of each school counted by
 * level, form of education and the features the formula weighs, the classes, and the territories of the codifier.
 * The server fills it with one set-based aggregate query per date; everything after that is this package's pure code.
 */
import type { TerritoryCategory } from '../territory';
import type { SchoolFacts } from './budgets';
import type { Level } from './groups';

/** A school of the register, as the formula needs it. */
export interface SchoolRecord extends SchoolFacts {
  id: string;
  name: string;
  edrpou: string | null;
  /** The school's regional department and ОУО (the scope a reader must have to see its lines). */
  regionId: string | null;
  ouoId: string | null;
  gradeMin: number | null;
  gradeMax: number | null;
  /** Urban or rural as recorded (used where the codifier category does not tell: a school placed at hromada level). */
  settlementType: string | null;
}

/** The pupils of one school enrolled on the date, with one combination of the features the formula weighs. */
export interface PupilCell {
  schoolId: string;
  level: Level;
  educationForm: string;
  specialNeeds: boolean;
  instructionLanguage: string;
  /** The pupil's residence is another settlement than the school's (the proxy for pupil transport). */
  livesElsewhere: boolean;
  pupils: number;
}

/** Classes of a school at a level that have pupils in a class form of education on the date. */
export interface ClassCount {
  schoolId: string;
  level: Level;
  classes: number;
}

/** A hromada, special-status city or oblast of the codifier, with what the formula needs of it. */
export interface BudgetTerritory {
  code: string;
  name: string;
  category: TerritoryCategory;
  /** The oblast (level 1) the unit lies in; itself for an oblast or special-status city. */
  oblastCode: string;
  /** Cities, селища and villages of the unit (the area proxy). */
  settlements: number;
  /** Whether the unit has a city (category M) — a condition of the city norm's proxy. */
  hasCity: boolean;
  /** On the list of temporarily occupied territories on the date (itself or a unit containing it). */
  occupied: boolean;
}

export interface RegistrySnapshot {
  /** The date the pupils are counted on (`YYYY-MM-DD`): spells with entry ≤ date ≤ exit (the exit date is the last day). */
  asOf: string;
  schools: readonly SchoolRecord[];
  cells: readonly PupilCell[];
  classes: readonly ClassCount[];
  /** Hromadas and special-status cities (H, K) and oblasts (O, K), by code. */
  territories: ReadonlyMap<string, BudgetTerritory>;
}
