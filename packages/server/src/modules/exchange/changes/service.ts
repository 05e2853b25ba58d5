import { can } from '@aikom/domain/access/policy';
import type { AppContext } from '../../../context';
import { exchangeTx, type ExchangeTx } from '../../../db/schema-exchange';
import { AppError } from '../../../errors';
import { decodeCursor, encodeCursor } from '../../../http/cursor';
import { scopeOf, type Caller } from '../../auth/caller';
import { ExchangePupilRepository, type CurrentRow } from '../pupils/repository';
import { ExchangePupilService } from '../pupils/service';
import { readAudit } from '../read-audit';
import { ChangeFeedRepository, type FeedPosition } from './repository';
import type { ChangeView, FeedKind } from './schemas';

/** Registry events that bring a pupil into a school, and those that take one out of it. */
const ARRIVALS = new Set(['created', 'enrolled', 'transferred_in', 'arrived']);
const DEPARTURES = new Set(['exited', 'transferred_out', 'left', 'graduated', 'deleted']);

const START: FeedPosition = { txid: '0', id: 0 };

/**
 * The change feed of the caller's scope (a platform: the schools it serves; a portal user: their region, ОУО or
 * school). Each item carries the pupil's state at read time, so a mirror that applies the items in order — upsert
 * on created / updated / key_changed, remove on deleted — equals the registry when it has caught up, however many
 * changes it missed in between. A pupil no longer enrolled in the caller's scope (an exit in the portal, a transfer
 * to a school of another platform) is `deleted`.
 */
export class ChangeFeedService {
  private readonly repo = new ChangeFeedRepository();
  private readonly pupils = new ExchangePupilRepository();
  private readonly presenter: ExchangePupilService;

  constructor(private readonly ctx: AppContext) {
    this.presenter = new ExchangePupilService(ctx);
  }

  private scoped<T>(caller: Caller, fn: (trx: ExchangeTx) => Promise<T>): Promise<T> {
    return this.ctx.db.scoped(scopeOf(caller.actor), (trx) => fn(exchangeTx(trx)));
  }

  private authorise(caller: Caller): void {
    if (!can(caller.actor, 'pupil:read')) throw new AppError('FORBIDDEN');
  }

  async head(caller: Caller): Promise<{ cursor: string }> {
    this.authorise(caller);
    const position = await this.scoped(caller, (trx) => this.repo.head(trx));
    return { cursor: encodeCursor([position.txid, position.id]) };
  }

  async read(caller: Caller, q: { cursor?: string | undefined; limit: number }) {
    this.authorise(caller);
    const decoded = decodeCursor(q.cursor, ['string', 'number'] as const);
    if (decoded && !/^\d{1,20}$/.test(decoded[0]))
      throw new AppError('BAD_REQUEST', {
        errors: [{ path: '/cursor', code: 'CURSOR_INVALID', message: 'Некоректний курсор сторінки.' }],
      });
    const after: FeedPosition = decoded ? { txid: decoded[0], id: decoded[1] } : START;
    const actor = caller.actor;
    const schools = actor.kind === 'platform' ? actor.schoolIds : null;
    // The schools whose events the page reads (row-level security limits them in any case): a platform's, or a
    // school user's own school; a wider scope reads the whole feed in order.
    const ownSchool = scopeOf(actor).school;
    const feedSchools = schools ?? (ownSchool ? [ownSchool] : null);
    const inScope = (row: CurrentRow) =>
      row.open_id !== null &&
      (schools === null || (row.open_school_id !== null && schools.includes(row.open_school_id)));
    const page = await this.scoped(caller, async (trx) => {
      const horizon = await this.repo.horizon(trx);
      const rows =
        feedSchools && feedSchools.length === 0 ? [] : await this.repo.page(trx, after, q.limit, feedSchools, horizon);
      const more = rows.length > q.limit;
      const events = more ? rows.slice(0, q.limit) : rows;
      const current = new Map(
        (
          await this.pupils.current(trx, [...new Set(events.map((e) => e.person_id))], {
            lock: false,
            platformId: actor.kind === 'platform' ? actor.platformId : null,
          })
        ).map((r) => [r.id, r]),
      );
      const items: ChangeView[] = events.map((e) => {
        const row = current.get(e.person_id);
        const present = row && inScope(row) && !DEPARTURES.has(e.kind) ? row : undefined;
        const kind: FeedKind = !present
          ? 'deleted'
          : e.kind === 'key_changed'
            ? 'key_changed'
            : ARRIVALS.has(e.kind)
              ? 'created'
              : 'updated';
        const fields = Array.isArray(e.changes.fields) ? (e.changes.fields as string[]) : [];
        return {
          id: e.id,
          kind,
          event: e.kind,
          pupilId: e.person_id,
          externalId: row?.external_id ?? null,
          schoolEdrpou: e.school_edrpou,
          at: e.at.toISOString(),
          source: e.source,
          fields,
          pupil: present ? this.presenter.present(present) : null,
        };
      });
      const last = events.at(-1);
      const next = last ? { txid: last.txid, id: last.id } : after;
      const pending = more
        ? false
        : schools && schools.length === 0
          ? false
          : await this.repo.pending(trx, next, schools, horizon);
      return { items, nextCursor: encodeCursor([next.txid, next.id]), hasMore: more, pending, pupils: current.size };
    });
    await readAudit(this.ctx).record(caller, {
      action: 'exchange.changes.read',
      objectType: actor.kind === 'platform' ? 'platform' : 'scope',
      objectId: actor.kind === 'platform' ? actor.platformId : null,
      details: { count: page.items.length, pupils: page.pupils },
    });
    return { items: page.items, nextCursor: page.nextCursor, hasMore: page.hasMore, pending: page.pending };
  }
}
