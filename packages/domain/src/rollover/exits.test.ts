import { describe, expect, it } from 'vitest';
import {
  closeNoteRequired,
  entersTransit,
  EXIT_REASON_LABELS,
  EXIT_REASONS,
  TRANSIT_CLOSE_REASON_LABELS,
  TRANSIT_CLOSE_REASONS,
  TRANSIT_EXIT_REASONS,
} from './exits';

describe('entersTransit', () => {
  it.each([
    ['transfer', 5, true],
    ['other', 5, true],
    ['graduated', 4, true], // a primary school's graduate goes on to grade 5
    ['graduated', 9, true],
    ['graduated', 11, false],
    ['graduated', 12, false],
    ['abroad', 5, false],
    ['vocational', 9, false],
    ['completed', 11, false],
    ['deceased', 7, false],
    ['promoted', 5, false],
    ['repeated', 5, false],
    ['class_change', 5, false],
  ] as const)('%s from grade %i → %s', (reason, grade, expected) => {
    expect(entersTransit(reason, grade)).toBe(expected);
  });

  it('lists for the SQL filter exactly the reasons that can enter', () => {
    const can = EXIT_REASONS.filter((r) => entersTransit(r, 1));
    expect([...TRANSIT_EXIT_REASONS].sort()).toEqual([...can].sort());
  });
});

describe('closing a case', () => {
  it('needs a note when the reason does not speak for itself', () => {
    expect(TRANSIT_CLOSE_REASONS.filter(closeNoteRequired)).toEqual(['enrolled_unregistered', 'other']);
  });
});

describe('labels', () => {
  it('labels every exit and closing reason in Ukrainian and English', () => {
    for (const r of EXIT_REASONS) expect(EXIT_REASON_LABELS[r].uk).toMatch(/^[А-ЩЬЮЯҐЄІЇ]/u);
    for (const r of TRANSIT_CLOSE_REASONS) {
      expect(TRANSIT_CLOSE_REASON_LABELS[r].uk).toMatch(/^[А-ЩЬЮЯҐЄІЇ]/u);
      expect(TRANSIT_CLOSE_REASON_LABELS[r].en).toMatch(/^[A-Z]/);
    }
  });
});
