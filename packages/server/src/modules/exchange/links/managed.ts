import { PupilRecordSchema } from '@aikom/domain/exchange-record';
import type { Tx } from '../../../db/database';
import { exchangeTx } from '../../../db/schema-exchange';
import { AppError } from '../../../errors';
import type { Caller } from '../../auth/caller';

/**
 * A school served by a platform receives its pupils' records through it (DOMAIN.md § 2: "a school that uses one does
 * not type the same data into the portal again"), so the platform owns every field of the exchange record. The
 * portal may still record an exit (Порядок 367 lets enrolment, transfer and exit go through the registry itself);
 * the platform learns of it from the change feed.
 */
export const PLATFORM_OWNED_FIELDS: readonly string[] = Object.keys(PupilRecordSchema.properties).filter(
  (f) => f !== 'externalId',
);

export interface ServingPlatform {
  linkId: string;
  platformId: string;
  name: string;
  since: Date;
}

/** The platform that serves a school now, if any (under the caller's scope). */
export async function servingPlatform(trx: Tx, schoolId: string): Promise<ServingPlatform | undefined> {
  const row = await exchangeTx(trx)
    .selectFrom('platform_school as s')
    .innerJoin('platform as p', 'p.id', 's.platform_id')
    .select(['s.id as linkId', 'p.id as platformId', 'p.name', 's.decided_at as since'])
    .where('s.school_id', '=', schoolId)
    .where('s.status', '=', 'active')
    .executeTakeFirst();
  return row ? { linkId: row.linkId, platformId: row.platformId, name: row.name, since: row.since! } : undefined;
}

/**
 * Refuses a portal user's create or change of a pupil record at a school a platform serves (the platform's own
 * writes, and exits, are not refused). Called by the pupil registry's write path.
 */
export async function refusePortalEditOfPlatformData(trx: Tx, caller: Caller, schoolId: string): Promise<void> {
  if (caller.actor.kind !== 'user') return;
  const serving = await servingPlatform(trx, schoolId);
  if (!serving) return;
  throw new AppError('PLATFORM_MANAGED', {
    detail:
      `Дані учнів цього закладу надходять з освітньої платформи «${serving.name}», тож змінювати їх на порталі не можна: ` +
      'внесіть зміни в платформі, і вони надійдуть до реєстру. Вибуття учня можна оформити й на порталі.',
    extra: { platform: { id: serving.platformId, name: serving.name }, ownedFields: PLATFORM_OWNED_FIELDS },
  });
}
