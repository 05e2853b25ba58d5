/** The education subvention engine: parameters, inputs, formula, rounding, explanation, comparisons. */
export * from './apportion';
export * from './budgets';
export * from './class-size-table';
export * from './codec';
export * from './compare';
export * from './decimal';
export * from './explain';
export * from './formula';
export * from './groups';
export * from './inputs';
export * from './money';
export * from './parameters';
export * from './plural';
export * from './redistribution';
export * from './snapshot';
export * from './tile-map';
