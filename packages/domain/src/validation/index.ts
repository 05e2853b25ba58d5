export * from './context';
export * from './issue';
export * from './normalise-pupil-record';
export * from './quality-summary';
export * from './rules';
export * from './validate';
