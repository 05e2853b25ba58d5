import { uuidv7 } from 'uuidv7';
import type { Tx } from '../../db/database';

export interface NotificationInput {
  organisationId: string;
  regionId: string | null;
  ouoId: string | null;
  kind: string;
  title: string;
  body: string;
  link: string | null;
}

/** In-app notifications to an organisation's users and the e-mail outbox. */
export class NotificationRepository {
  async notify(trx: Tx, items: readonly NotificationInput[], now: Date): Promise<void> {
    if (items.length === 0) return;
    await trx
      .insertInto('notification')
      .values(
        items.map((n) => ({
          id: uuidv7(),
          organisation_id: n.organisationId,
          region_id: n.regionId,
          ouo_id: n.ouoId,
          kind: n.kind,
          title: n.title,
          body: n.body,
          link: n.link,
          created_at: now,
        })),
      )
      .execute();
  }

  /** Active users of organisations who have an e-mail address, for reminders. */
  recipients(trx: Tx, organisationIds: readonly string[]) {
    if (organisationIds.length === 0) return Promise.resolve([]);
    return trx
      .selectFrom('app_user as u')
      .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
      .select([
        'u.id',
        'u.email',
        'u.full_name',
        'u.organisation_id',
        'o.region_id',
        'o.ouo_id',
        'o.name as organisation_name',
      ])
      .where('u.organisation_id', 'in', [...organisationIds])
      .where('u.status', '=', 'active')
      .where('u.email', 'is not', null)
      .execute();
  }

  async queueMail(
    trx: Tx,
    mails: ReadonlyArray<{
      to: string;
      userId: string | null;
      organisationId: string | null;
      regionId: string | null;
      ouoId: string | null;
      subject: string;
      body: string;
    }>,
    now: Date,
  ): Promise<void> {
    if (mails.length === 0) return;
    await trx
      .insertInto('mail_outbox')
      .values(
        mails.map((m) => ({
          id: uuidv7(),
          to_address: m.to,
          to_user_id: m.userId,
          organisation_id: m.organisationId,
          region_id: m.regionId,
          ouo_id: m.ouoId,
          subject: m.subject,
          body: m.body,
          created_at: now,
        })),
      )
      .execute();
  }

  forOrganisation(trx: Tx, organisationId: string, limit: number) {
    return trx
      .selectFrom('notification')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  async markRead(trx: Tx, id: string, organisationId: string, userId: string, now: Date): Promise<boolean> {
    const r = await trx
      .updateTable('notification')
      .set({ read_at: now, read_by: userId })
      .where('id', '=', id)
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  outbox(trx: Tx, limit: number) {
    return trx
      .selectFrom('mail_outbox')
      .select(['id', 'to_address', 'subject', 'body', 'created_at', 'sent_at', 'error'])
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  pendingMail(trx: Tx, limit: number) {
    return trx
      .selectFrom('mail_outbox')
      .select(['id', 'to_address', 'subject', 'body'])
      .where('sent_at', 'is', null)
      .where('error', 'is', null)
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }

  async markSent(trx: Tx, id: string, now: Date, error: string | null): Promise<void> {
    await trx
      .updateTable('mail_outbox')
      .set(error ? { error } : { sent_at: now })
      .where('id', '=', id)
      .execute();
  }
}
