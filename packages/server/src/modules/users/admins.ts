import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import { AuditService } from '../audit/service';
import { checkPassword, hashPassword, PASSWORD_MESSAGES } from '../auth/passwords';

/**
 * Creates an active ministry administrator (the first user of an instance: AIKOM_BOOTSTRAP_ADMIN or
 * `aikom admin create`). The second factor is enrolled at their first sign-in.
 */
export async function createMinistryAdmin(
  ctx: AppContext,
  input: { login: string; password: string; fullName?: string; via: string },
): Promise<{ id: string; login: string }> {
  const login = input.login.trim().toLowerCase();
  if (!/^[a-z0-9._@-]{3,64}$/.test(login)) {
    throw new AppError('VALIDATION_FAILED', {
      errors: [
        { path: '/login', code: 'LOGIN_FORMAT', message: 'Логін: 3–64 символи: латинські літери, цифри, . _ @ -' },
      ],
    });
  }
  const problems = checkPassword(input.password, { login });
  if (problems.length > 0) {
    throw new AppError('PASSWORD_REJECTED', {
      errors: problems.map((p) => ({ path: '/password', code: p, message: PASSWORD_MESSAGES[p] })),
    });
  }
  const now = ctx.now();
  const hash = await hashPassword(input.password);
  return ctx.db.system(async (trx) => {
    const ministry = await trx
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'ministry')
      .executeTakeFirst();
    if (!ministry)
      throw new AppError('CONFLICT', {
        detail: 'Немає організації міністерства: спершу запустіть сервер або `aikom migrate`.',
      });
    const taken = await trx.selectFrom('app_user').select('id').where('login', '=', login).executeTakeFirst();
    if (taken)
      throw new AppError('VALIDATION_FAILED', {
        errors: [{ path: '/login', code: 'LOGIN_TAKEN', message: 'Такий логін уже використовується.' }],
      });
    const id = uuidv7();
    await trx
      .insertInto('app_user')
      .values({
        id,
        login,
        full_name: input.fullName ?? 'Адміністратор МОН',
        role: 'ministry_admin',
        organisation_id: ministry.id,
        status: 'active',
        password_hash: hash,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await new AuditService().record(
      trx,
      null,
      { action: 'user.create', objectType: 'user', objectId: id, details: { role: 'ministry_admin', via: input.via } },
      { login: `system:${input.via}` },
    );
    return { id, login };
  });
}
