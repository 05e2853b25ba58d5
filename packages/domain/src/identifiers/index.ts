export * from './birth-certificate';
export * from './edrpou';
export * from './rnokpp';
export * from './unzr';
