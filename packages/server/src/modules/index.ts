import type { AppContext } from '../context';
import type { App } from '../http/app';
import { registerJobRoutes } from '../jobs/routes';
import { registerAuditRoutes } from './audit/routes';
import { registerCampaignRoutes } from './campaigns/routes';
import { registerAuthRoutes } from './auth/routes';
import { registerExchangeRoutes } from './exchange/routes';
import { registerHealthRoutes } from './health/routes';
import { registerImportRoutes } from './imports/routes';
import { registerOrganisationRoutes } from './organisations/routes';
import { registerPupilRoutes } from './pupils/routes';
import { registerReportRoutes } from './reports/routes';
import { registerSubventionRoutes } from './subvention/routes';
import { registerTerritoryRoutes } from './territories/routes';
import { registerUserRoutes } from './users/routes';
import { registerVerificationRoutes } from './verification/routes';
import { registerTransitionRoutes } from './transitions/routes';
import { registerTransferRoutes } from './transfers/routes';

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
  { name: 'exchange', register: registerExchangeRoutes },
  { name: 'campaigns', register: registerCampaignRoutes },
  { name: 'reports', register: registerReportRoutes },
  { name: 'subvention', register: registerSubventionRoutes },
  { name: 'verification', register: registerVerificationRoutes },
  { name: 'transitions', register: registerTransitionRoutes },
  { name: 'transfers', register: registerTransferRoutes },
];
