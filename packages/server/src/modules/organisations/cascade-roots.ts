import { nameKey } from '@aikom/domain/names';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '../../db/database';

/** Міністерство освіти і науки України (ЄДРПОУ 38621185). */
export const MINISTRY = { name: 'Міністерство освіти і науки України', shortName: 'МОН', edrpou: '38621185' } as const;

/**
 * The regional education department of a level-1 KATOTTH unit, named as such departments are usually named
 * (the oblast adjective in the genitive: «Київська» → «Київської»).
 */
export function regionalDepartmentName(category: string, name: string): string {
  if (category === 'K') {
    return name === 'Київ'
      ? 'Департамент освіти і науки виконавчого органу Київської міської ради (Київської міської державної адміністрації)'
      : `Управління освіти міста ${name === 'Севастополь' ? 'Севастополя' : name}`;
  }
  if (name.startsWith('Автономна Республіка Крим'))
    return 'Міністерство освіти, науки та молоді Автономної Республіки Крим';
  return `Департамент освіти і науки ${name.replace(/ька$/, 'ької')} обласної державної адміністрації`;
}

/**
 * The top of the cascade exists on every instance: the ministry and one regional department per oblast, АРК,
 * Kyiv and Sevastopol (27). Created once, on an empty database.
 */
export async function ensureCascadeRoots(trx: Tx, now: Date): Promise<{ ministryId: string; created: boolean }> {
  const existing = await trx.selectFrom('organisation').select('id').where('kind', '=', 'ministry').executeTakeFirst();
  if (existing) return { ministryId: existing.id, created: false };
  const ministryId = uuidv7();
  const base = { created_at: now, updated_at: now, version: 1, status: 'operating' } as const;
  await trx
    .insertInto('organisation')
    .values({
      ...base,
      id: ministryId,
      kind: 'ministry',
      parent_id: null,
      region_id: null,
      ouo_id: null,
      name: MINISTRY.name,
      short_name: MINISTRY.shortName,
      name_key: nameKey(MINISTRY.name),
      edrpou: MINISTRY.edrpou,
    })
    .execute();
  const units = await trx
    .selectFrom('territory')
    .select(['id', 'category', 'name'])
    .where('level', '=', 1)
    .orderBy('code')
    .execute();
  if (units.length > 0) {
    await trx
      .insertInto('organisation')
      .values(
        units.map((u) => {
          const name = regionalDepartmentName(u.category, u.name);
          return {
            ...base,
            id: uuidv7(),
            kind: 'region',
            parent_id: ministryId,
            region_id: null,
            ouo_id: null,
            name,
            short_name: null,
            name_key: nameKey(name),
            territory_id: u.id,
          };
        }),
      )
      .execute();
  }
  await sql`
    INSERT INTO organisation_version (organisation_id, version, data, changed_by, changed_at)
    SELECT id, version, to_jsonb(o) - 'name_key', NULL, ${now}::timestamptz FROM organisation o`.execute(trx);
  return { ministryId, created: true };
}
