/**
 * Hostile input (issue 11): property-based and fuzz tests with fast-check over the pupil exchange record (platform
 * upsert and batch, portal create and update, first-grade enrolment), every import format (pupil XLSX and CSV,
 * registry extracts), the query parameters of every GET operation, and oversized bodies and ZIP bombs. One instance
 * per engine, attacked by each suite in turn. What is generated, how many cases, the seeds and what was found:
 * docs/reliability/hostile-input.md. AIKOM_RELIABILITY=full for the full figures, AIKOM_HOSTILE_SEED to explore.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { enginesUnderTest } from '../engines';
import { setUpHostileEnv, type HostileEnv } from './hostile-env';
import { fileCases } from './hostile-files';
import { limitCases } from './hostile-limits';
import { printTally } from './hostile';
import { queryCases } from './hostile-queries';
import { recordCases } from './hostile-records';

describe.each(enginesUnderTest())('hostile input on %s', (engine) => {
  let e: HostileEnv | undefined;
  const env = (): HostileEnv => {
    if (!e) throw new Error('the hostile-input instance was not set up');
    return e;
  };
  beforeAll(async () => {
    e = await setUpHostileEnv(engine);
  });
  afterAll(async () => {
    printTally(`hostile input on ${engine}`);
    await e?.t.close();
  });

  describe('pupil records', () => recordCases(env));
  describe('import files', () => fileCases(env));
  describe('query parameters', () => queryCases(env));
  describe('oversized input', () => limitCases(env));
});
