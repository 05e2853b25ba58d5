/**
 * The largest class of a state or communal school (наповнюваність класу): Закон «Про повну загальну середню освіту»
 * (№ 463-IX від 16.01.2020), ст. 12 ч. 2 — at most 24 pupils who study at the primary level (grades 1–4) and at most
 * 30 at the basic and profile levels. The limit of 24 applies from 1 September 2024 to classes formed from then on,
 * i.e. to the first grades of 2024-2025 and later as they move up (розділ X «Прикінцеві та перехідні положення»;
 * роз'яснення МОН, серпень 2024). Under martial law the limit is suspended except for the day and evening forms
 * (розділ X, п. 2-1), so exceeding it is a warning here, never a refusal.
 */
export const CLASS_SIZE_LIMITS = {
  primary: 24,
  other: 30,
  /** The first school year whose first grades fall under the limit of 24. */
  primaryLimitFrom: 2024,
} as const;

/** The last grade of the primary level. */
export const PRIMARY_LAST_GRADE = 4;

/**
 * The largest class of a grade in a school year (by its first calendar year).
 *
 * @example maxClassSize(1, 2025) // 24; maxClassSize(4, 2025) // 30 — formed as a first grade in 2022
 */
export function maxClassSize(grade: number, schoolYearStart: number): number {
  const formedIn = schoolYearStart - grade + 1;
  return grade <= PRIMARY_LAST_GRADE && formedIn >= CLASS_SIZE_LIMITS.primaryLimitFrom
    ? CLASS_SIZE_LIMITS.primary
    : CLASS_SIZE_LIMITS.other;
}
