/**
 * School years: `2024-2025` runs 1 September 2024 – 31 August 2025 (Закон «Про повну загальну середню освіту»,
 * ст. 10: the school year begins on 1 September). Identified by the starting calendar year.
 */
export interface SchoolYear {
  id: number;
  label: string;
  startsOn: string;
  endsOn: string;
}

export function schoolYear(startYear: number): SchoolYear {
  return {
    id: startYear,
    label: `${startYear}-${startYear + 1}`,
    startsOn: `${startYear}-09-01`,
    endsOn: `${startYear + 1}-08-31`,
  };
}

/** The school year a date falls in. */
export function schoolYearOf(isoDate: string): SchoolYear {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return schoolYear(month >= 9 ? year : year - 1);
}

export function parseSchoolYearLabel(label: string): SchoolYear | null {
  const m = /^(\d{4})-(\d{4})$/.exec(label.trim());
  if (!m || Number(m[2]) !== Number(m[1]) + 1) return null;
  return schoolYear(Number(m[1]));
}

/** Age in full years on a date (for "age on 1 September" rules). */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
