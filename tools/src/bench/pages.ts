import { sql } from 'kysely';
import { PupilService } from '@aikom/server/modules/pupils/service';
import type { Runtime } from '@aikom/server/runtime';
import { callerAs } from './actors';
import { fmt, repeat, type Benchmark } from './harness';

/** A school's class list and data-quality panel at national scale: the pages a secretary opens every day. */
export const schoolPages: Benchmark = {
  name: 'school-pages',
  issue: 4,
  after: ['load-national-postgres'],
  description: 'Class list and quality panel of a school, server time, at the national preset on PostgreSQL',
  async run(ctx) {
    const rt = ctx.shared.get('national') as Runtime;
    // The bench user does not exist in app_user; audit rows reference users only by value.
    const schools = (
      await sql<{ id: string; region_id: string; ouo_id: string }>`
        SELECT id, region_id, ouo_id FROM organisation WHERE kind = 'school' AND status <> 'suspended' ORDER BY md5(id::text) LIMIT 200`.execute(
        rt.ctx.db.kysely,
      )
    ).rows;
    const service = new PupilService(rt.ctx);
    const call = (i: number) =>
      callerAs('school_editor', {
        id: schools[i % schools.length]!.id,
        regionId: schools[i % schools.length]!.region_id,
        ouoId: schools[i % schools.length]!.ouo_id,
      });
    // Warm the caches once per school.
    for (let i = 0; i < schools.length; i++) await service.classes(call(i), schools[i]!.id);
    const classes = await repeat(schools.length, (i) => service.classPupils(call(i), schools[i]!.id));
    const panel = await repeat(schools.length, (i) => service.quality(call(i), schools[i]!.id));
    ctx.log(
      `  class list median ${fmt(classes.median)} ms, quality panel median ${fmt(panel.median)} ms over ${schools.length} schools`,
    );
    return [
      {
        metric: 'school class list (all pupils), p95 over 200 schools',
        value: classes.p95,
        unit: 'ms',
        target: '< 20 ms',
        pass: classes.p95 < 20,
        note: `median ${fmt(classes.median)} ms`,
      },
      {
        metric: 'school data-quality panel, p95 over 200 schools',
        value: panel.p95,
        unit: 'ms',
        target: '< 20 ms',
        pass: panel.p95 < 20,
        note: `median ${fmt(panel.median)} ms`,
      },
    ];
  },
};
