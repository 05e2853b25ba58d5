export * from './identifiers/index';
export * from './names';
export * from './territory';
export * from './translit';
export * from './school-year';
