import { stdnum, type Validator } from 'stdnum';

function validator(country: string, name: string): Validator {
  const v = stdnum[country]?.[name];
  if (!v) throw new Error(`stdnum has no ${country}.${name} validator`);
  return v;
}

/** `stdnum` validators of Ukrainian identifiers: РНОКПП (ua.rntrc) and ЄДРПОУ (ua.edrpou). */
export const rntrc = validator('UA', 'rntrc');
export const edrpou = validator('UA', 'edrpou');
