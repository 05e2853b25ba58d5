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
    // Warm the caches once per school; the class each school's class page is timed on is its largest.
    const largest: Array<{ grade: number; letter: string }> = [];
    for (let i = 0; i < schools.length; i++) {
      const r = await service.classes(call(i), schools[i]!.id);
      const top = [...r.classes].sort((a, b) => b.pupils - a.pupils)[0];
      largest.push({ grade: top?.grade ?? 1, letter: top?.class_letter ?? 'А' });
    }
    // What the portal asks for: the school page lists its classes, the class page one class's pupils (the list
    // request and the class list again, as the page does); the whole school's pupils in one answer is reported too.
    const classList = await repeat(schools.length, (i) => service.classes(call(i), schools[i]!.id));
    const classPage = await repeat(schools.length, (i) =>
      service.classPupils(call(i), schools[i]!.id, largest[i]!.grade, largest[i]!.letter),
    );
    const wholeSchool = await repeat(schools.length, (i) => service.classPupils(call(i), schools[i]!.id));
    const panel = await repeat(schools.length, (i) => service.quality(call(i), schools[i]!.id));
    ctx.log(
      `  over ${schools.length} schools, medians: class list ${fmt(classList.median)} ms, a class's pupils ${fmt(classPage.median)} ms, every pupil of the school ${fmt(wholeSchool.median)} ms, quality panel ${fmt(panel.median)} ms`,
    );
    const p95 = (metric: string, r: { p95: number; median: number }, target: boolean) => ({
      metric,
      value: r.p95,
      unit: 'ms',
      ...(target ? { target: '< 20 ms', pass: r.p95 < 20 } : {}),
      note: `median ${fmt(r.median)} ms`,
    });
    return [
      p95("school's class list (its classes with counts and flags), p95 over 200 schools", classList, true),
      p95("a class's pupils (the school's largest class), p95 over 200 schools", classPage, true),
      p95('school data-quality panel, p95 over 200 schools', panel, true),
      p95('every pupil of the school in one list (no page asks for it), p95 over 200 schools', wholeSchool, false),
    ];
  },
};
