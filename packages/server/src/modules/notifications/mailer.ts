import nodemailer, { type Transporter } from 'nodemailer';
import type { AppContext } from '../../context';
import { NotificationRepository } from './repository';

/**
 * Sends queued e-mail through SMTP when AIKOM_SMTP_URL is set. Without SMTP nothing is sent: the messages stay in
 * the outbox, which administrators see in the portal (so a reminder is never silently lost).
 */
export class Mailer {
  private readonly repo = new NotificationRepository();
  private readonly transport: Transporter | null;

  constructor(private readonly ctx: AppContext) {
    this.transport = ctx.config.smtpUrl ? nodemailer.createTransport(ctx.config.smtpUrl) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** Sends what is pending; returns how many went out. */
  async flush(limit = 100): Promise<number> {
    if (!this.transport) return 0;
    const pending = await this.repo.pendingMail(this.ctx.db.kysely, limit);
    let sent = 0;
    for (const m of pending) {
      try {
        await this.transport.sendMail({
          from: this.ctx.config.mailFrom,
          to: m.to_address,
          subject: m.subject,
          text: m.body,
        });
        await this.repo.markSent(this.ctx.db.kysely, m.id, this.ctx.now(), null);
        sent++;
      } catch (error) {
        await this.repo.markSent(this.ctx.db.kysely, m.id, this.ctx.now(), (error as Error).message.slice(0, 500));
      }
    }
    return sent;
  }
}
