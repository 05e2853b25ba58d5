/** Record linkage of state-registry extracts with the pupil registry (pure: no I/O, no clock). */
export * from './blocking';
export * from './comparisons';
export * from './dates';
export * from './dictionary';
export * from './evaluate';
export * from './fellegi-sunter';
export * from './jaro-winkler';
export * from './link';
export * from './name-forms';
export * from './random';
export * from './records';
export * from './missing-children';
export * from './extract-formats';
