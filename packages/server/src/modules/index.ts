import type { AppContext } from '../context';
import type { App } from '../http/app';
import { registerJobRoutes } from '../jobs/routes';
import { registerAuditRoutes } from './audit/routes';
import { registerCampaignRoutes } from './campaigns/routes';
import { registerAuthRoutes } from './auth/routes';
import { registerHealthRoutes } from './health/routes';
import { registerImportRoutes } from './imports/routes';
import { registerOrganisationRoutes } from './organisations/routes';
import { registerPupilRoutes } from './pupils/routes';
import { registerTerritoryRoutes } from './territories/routes';
import { registerUserRoutes } from './users/routes';

export interface Feature {
  name: string;
  register(app: App, ctx: AppContext): Promise<void>;
}

/** Every feature of the server, registered in this order. */
export const FEATURES: readonly Feature[] = [
  { name: 'health', register: registerHealthRoutes },
  { name: 'territories', register: registerTerritoryRoutes },
  { name: 'auth', register: registerAuthRoutes },
  { name: 'organisations', register: registerOrganisationRoutes },
  { name: 'users', register: registerUserRoutes },
  { name: 'pupils', register: registerPupilRoutes },
  { name: 'imports', register: registerImportRoutes },
  { name: 'audit', register: registerAuditRoutes },
  { name: 'jobs', register: registerJobRoutes },
  { name: 'campaigns', register: registerCampaignRoutes },
];
