import type { AppContext } from './context';
import { CampaignService } from './modules/campaigns/service';
import { Mailer } from './modules/notifications/mailer';
import { AuditRepository } from './modules/audit/repository';
import { SnapshotLoader } from './modules/subvention/snapshot';

/**
 * Periodic work of a server process: audit entries sealed into the hash chain; campaign figures follow the change feed within seconds; queued e-mail goes
 * out when SMTP is configured; the subvention's input cells of the statistical dates follow the change feed (on their
 * own, so that building a missing date does not hold the other work up). Each round is short and independent; a
 * failing round is logged and retried.
 */
export class BackgroundTasks {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #inputs: Promise<void> | undefined;
  private readonly campaigns: CampaignService;
  private readonly mailer: Mailer;
  private readonly audit = new AuditRepository();
  private readonly subventionInputs: SnapshotLoader;

  constructor(private readonly ctx: AppContext) {
    this.campaigns = new CampaignService(ctx);
    this.mailer = new Mailer(ctx);
    this.subventionInputs = new SnapshotLoader(ctx);
  }

  start(everyMs = 2_000): void {
    this.#timer = setInterval(() => {
      if (!this.#inputs) this.#inputs = this.refreshInputs().finally(() => (this.#inputs = undefined));
      if (this.#running) return;
      this.#running = this.round().finally(() => (this.#running = undefined));
    }, everyMs);
    this.#timer.unref();
  }

  async round(): Promise<void> {
    try {
      await this.audit.sealAll(this.ctx.db);
      await this.campaigns.refresh();
      await this.mailer.flush();
    } catch (error) {
      this.ctx.log.warn({ err: error }, 'background round failed');
    }
  }

  async refreshInputs(): Promise<void> {
    try {
      await this.subventionInputs.refreshMaintained();
    } catch (error) {
      this.ctx.log.warn({ err: error }, 'subvention inputs refresh failed');
    }
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
    await this.#inputs;
  }
}
