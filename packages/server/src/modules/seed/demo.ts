import type { Role } from '@aikom/domain/access/roles';
import type { AppContext } from '../../context';

export const DEMO_PASSWORD = 'Demo-Registry-2025!';

export interface DemoSeedResult {
  seeded: boolean;
  users: Array<{ login: string; role: Role; organisation: string | null }>;
}

export async function seedDemo(_ctx: AppContext): Promise<DemoSeedResult> {
  return { seeded: false, users: [] };
}
