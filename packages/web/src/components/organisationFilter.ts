import type { Organisation } from '@aikom/sdk';

/** Text an organisation is found by: its names, ЄДРПОУ and location. */
const haystack = (o: Organisation) =>
  [o.name, o.shortName, o.edrpou, o.territory?.name].filter(Boolean).join(' ').toLocaleLowerCase('uk');

/** Filters a complete list by every word typed (in any order, anywhere in the name or location). */
export function filterOrganisations(items: readonly Organisation[], query: string): Organisation[] {
  const words = query.toLocaleLowerCase('uk').replace(/[’'`]/g, 'ʼ').split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...items];
  return items.filter((o) => {
    const text = haystack(o).replace(/[’'`]/g, 'ʼ');
    return words.every((w) => text.includes(w));
  });
}
