import type { AppContext } from './context';
import { CampaignService } from './modules/campaigns/service';
import { Mailer } from './modules/notifications/mailer';

/**
 * Periodic work of a server process: campaign figures follow the change feed within seconds; queued e-mail goes
 * out when SMTP is configured. Each round is short and independent; a failing round is logged and retried.
 */
export class BackgroundTasks {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  private readonly campaigns: CampaignService;
  private readonly mailer: Mailer;

  constructor(private readonly ctx: AppContext) {
    this.campaigns = new CampaignService(ctx);
    this.mailer = new Mailer(ctx);
  }

  start(everyMs = 2_000): void {
    this.#timer = setInterval(() => {
      if (this.#running) return;
      this.#running = this.round().finally(() => (this.#running = undefined));
    }, everyMs);
    this.#timer.unref();
  }

  async round(): Promise<void> {
    try {
      await this.campaigns.refresh();
      await this.mailer.flush();
    } catch (error) {
      this.ctx.log.warn({ err: error }, 'background round failed');
    }
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }
}
