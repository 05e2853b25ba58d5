import { COUNTRIES, COUNTRY_CODES, UKRAINE } from '@aikom/domain/countries';
import { useMemo } from 'react';
import { SelectField, type FieldMessages, type Option } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';

/** Where Ukrainian pupils abroad mostly are: listed first, then every country by name. */
const FREQUENT = ['PL', 'DE', 'CZ', 'GB', 'IT', 'ES', 'MD', 'RO', 'SK', 'NL', 'LT', 'US', 'CA', 'FR', 'AT', 'IE'];

export interface CountrySelectProps extends FieldMessages {
  id: string;
  label: string;
  value: string;
  onChange: (code: string) => void;
  /** Ukraine is not a choice (a foreign certificate, a stay abroad). */
  foreignOnly?: boolean;
  required?: boolean;
  onBlur?: () => void;
}

/** A country (ISO 3166-1) by its name in the reader's language; typing the first letters finds it in the list. */
export function CountrySelect(p: CountrySelectProps) {
  const t = useT();
  const options = useMemo(() => {
    const collator = new Intl.Collator(t.language);
    const named: Option[] = COUNTRY_CODES.filter((c) => !(p.foreignOnly && c === UKRAINE)).map((c) => ({
      value: c,
      label: COUNTRIES[c][t.language],
    }));
    named.sort((a, b) => collator.compare(a.label, b.label));
    const frequent = FREQUENT.filter((c) => !p.foreignOnly || c !== UKRAINE)
      .map((c) => named.find((o) => o.value === c))
      .filter((o): o is Option => !!o);
    const first: Option[] = p.foreignOnly
      ? frequent
      : [{ value: UKRAINE, label: COUNTRIES[UKRAINE][t.language] }, ...frequent];
    const firstCodes = new Set(first.map((o) => o.value));
    return [...first, ...named.filter((o) => !firstCodes.has(o.value))];
  }, [t.language, p.foreignOnly]);
  return (
    <SelectField
      id={p.id}
      label={p.label}
      value={p.value}
      onChange={p.onChange}
      onBlur={p.onBlur}
      hint={p.hint}
      error={p.error}
      warning={p.warning}
      required={p.required}
      placeholder={t('form.chooseCountry')}
      options={options}
      width="medium"
    />
  );
}
