import type { AppContext } from '../context';
import type { App } from '../http/app';
import { registerHealthRoutes } from './health/routes';
import { registerTerritoryRoutes } from './territories/routes';

export interface Feature {
  name: string;
  register(app: App, ctx: AppContext): Promise<void>;
}

/** Every feature of the server, registered in this order. */
export const FEATURES: readonly Feature[] = [
  { name: 'health', register: registerHealthRoutes },
  { name: 'territories', register: registerTerritoryRoutes },
];
