import { stdnum, type Validator } from 'stdnum';

/**
 * A validator of the `stdnum` library by country and identifier name; throws when the library has none, so a
 * library upgrade that renames a validator fails at start-up rather than accepting every number.
 */
export function stdnumValidator(country: string, name: string): Validator {
  const v = stdnum[country]?.[name];
  if (!v) throw new Error(`stdnum has no ${country}.${name} validator`);
  return v;
}

/** `stdnum` validators of Ukrainian identifiers: РНОКПП (ua.rntrc) and ЄДРПОУ (ua.edrpou). */
export const rntrc = stdnumValidator('UA', 'rntrc');
export const edrpou = stdnumValidator('UA', 'edrpou');
