import type { AppConfig } from './config';
import { buildApp } from './http/app';
import { openRuntime, type Runtime } from './runtime';
import { prepareInstance, type PreparedInstance } from './bootstrap';
import { BackgroundTasks } from './background';

export interface RunningServer {
  url: string;
  runtime: Runtime;
  prepared: PreparedInstance;
  stop(): Promise<void>;
}

/** Starts the API and the portal: opens and migrates the database, prepares the instance, listens. */
export async function startServer(config: AppConfig): Promise<RunningServer> {
  const runtime = await openRuntime(config, { purpose: 'server' });
  try {
    const prepared = await prepareInstance(runtime.ctx);
    const app = await buildApp(runtime.ctx);
    await app.listen({ port: config.port, host: config.host });
    await runtime.ctx.jobs.start();
    const background = new BackgroundTasks(runtime.ctx);
    background.start();
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
    let stopping: Promise<void> | undefined;
    return {
      url,
      runtime,
      prepared,
      stop: () =>
        (stopping ??= (async () => {
          await background.stop();
          await runtime.ctx.jobs.stop();
          await app.close();
          await runtime.close();
        })()),
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
