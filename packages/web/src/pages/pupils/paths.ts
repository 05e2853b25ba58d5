/** `5-А` in a path: encoded, since the class letter is Cyrillic. */
export const classPath = (schoolId: string, label: string) =>
  `/schools/${schoolId}/classes/${encodeURIComponent(label)}`;

/** `5-А` → grade 5, class letter А; a numbered class `10-2` → 10 and 2. */
export function parseClassLabel(label: string): { grade: number; classLetter: string } | null {
  const m = /^(\d{1,2})-(.{1,3})$/u.exec(label.trim());
  return m ? { grade: Number(m[1]), classLetter: m[2]! } : null;
}
