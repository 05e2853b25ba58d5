import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import {
  createCascade,
  createUser,
  jobDiedForGood,
  pupilRecord,
  signIn,
  type Cascade,
  type Session,
} from '../../../test/factories';
import { createTestApp, type TestApp, auditDb } from '../../../test/harness';
import type { BulkWriter } from '../../db/database';
import { IMPORT_TABLE_COLUMNS } from '../../db/schema-imports';
import { parseCsv } from './csv';
import { loadWorkbook, sheetRows, upload, workbookOf } from './testing';

interface ImportBody {
  id: string;
  status: string;
  format: string | null;
  sheet: string | null;
  counts: {
    rows: number;
    valid: number;
    withErrors: number;
    withWarnings: number;
    duplicates: number;
    committed: number;
  };
  error: { code: string; message: string } | null;
  job: { status: string; progress: { done: number } } | null;
  columns: Array<{ key: string; header: string; letter: string }>;
}
interface RowBody {
  rowNumber: number;
  status: string;
  duplicate: boolean;
  summary: { lastName: string | null; firstName: string | null; class: string | null };
  errors: Array<{
    code: string;
    path: string;
    message: string;
    column: { key: string; header: string; letter: string | null } | null;
  }>;
  warnings: Array<{ code: string; message: string; column: { header: string } | null }>;
}

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe.each(enginesUnderTest())('the XLSX/CSV round trip on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let editor: Session;
  let otherEditor: Session;
  let farEditor: Session;
  beforeAll(async () => {
    t = await createTestApp(engine);
    // Jobs run when the test drains them, not in the background.
    await t.ctx.jobs.stop();
    c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    editor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[0], { totp: true }));
    t.advance(31_000);
    otherEditor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[1], { totp: true }));
    t.advance(31_000);
    farEditor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[4], { totp: true }));
    // A pupil another school already holds.
    const existing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pupils',
      headers: farEditor.headers,
      payload: pupilRecord(c.schools[4]),
    });
    expect(existing.statusCode, existing.body).toBe(201);
  });
  afterAll(async () => t?.close());

  const getImport = async (id: string, s = editor) => {
    const r = await t.app.inject({ url: `/api/v1/imports/${id}`, headers: s.headers });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<ImportBody>();
  };
  const rowsOf = async (id: string, filter = 'all') => {
    const r = await t.app.inject({
      url: `/api/v1/imports/${id}/rows?filter=${filter}&limit=500`,
      headers: editor.headers,
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ items: RowBody[]; nextCursor: string | null }>().items;
  };
  const personsOf = async (schoolId: string) =>
    await t.ctx.db.kysely
      .selectFrom('person')
      .select(['id', 'last_name', 'first_name', 'source'])
      .where('school_id', '=', schoolId)
      .orderBy('last_name')
      .execute();
  /** A file of one grade-5 pupil of the template. */
  const onePupil = (lastName: string, firstName: string, birthDate: string) =>
    xlsxRows([
      ['Прізвище', 'Імʼя', 'Стать', 'Дата народження', 'Клас (номер)'],
      [lastName, firstName, 'чоловіча', birthDate, 5],
    ]);
  /** A parsed one-pupil import whose commit is queued, not run: the commit job's id. */
  const queuedCommitOf = async (lastName: string, firstName: string, birthDate: string) => {
    const q = await uploadAndParse(await onePupil(lastName, firstName, birthDate));
    const r = await requestCommit(q.importId, 'valid_only');
    expect(r.statusCode, r.body).toBe(202);
    return { importId: q.importId, jobId: r.json<{ jobId: string }>().jobId };
  };
  const uploadAndParse = async (bytes: Buffer, name = 'uchni.xlsx') => {
    const res = await upload(t.app, editor.headers, c.schools[0].id, name, bytes);
    expect(res.statusCode, res.body).toBe(202);
    const queued = res.json<{ importId: string; jobId: string }>();
    await t.ctx.jobs.drain();
    return queued;
  };
  const requestCommit = (id: string, mode: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/imports/${id}/commit`, headers: editor.headers, payload: { mode } });
  const commit = async (id: string, mode: string) => {
    const r = await requestCommit(id, mode);
    if (r.statusCode === 202) await t.ctx.jobs.drain();
    return r;
  };

  it('keeps the Kysely types of the import tables in step with the migration', async () => {
    const rows = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name LIKE 'pupil_import%'`.execute(
      t.ctx.db.kysely,
    );
    for (const [table, cols] of Object.entries(IMPORT_TABLE_COLUMNS)) {
      expect(
        rows.rows
          .filter((r) => r.table_name === table)
          .map((r) => r.column_name)
          .sort(),
        table,
      ).toEqual([...(cols as readonly string[])].sort());
    }
  });

  it('documents the import endpoints in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    }>();
    for (const p of [
      '/api/v1/schools/{schoolId}/pupils/template.xlsx',
      '/api/v1/schools/{schoolId}/pupils/export.csv',
      '/api/v1/imports/{id}/rows',
      '/api/v1/imports/{id}/report.xlsx',
    ])
      expect(doc.paths[p], p).toBeDefined();
    expect(Object.keys(doc.paths['/api/v1/schools/{schoolId}/imports']!.post!.requestBody!.content)).toEqual([
      'multipart/form-data',
    ]);
  });

  let templateBytes: Buffer;
  it('gives a template with Ukrainian headers, lists, date formats, a frozen header and the instructions', async () => {
    const res = await t.app.inject({
      url: `/api/v1/schools/${c.schools[0].id}/pupils/template.xlsx`,
      headers: editor.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(res.headers['cache-control']).toBe('no-store');
    templateBytes = res.rawPayload;
    const wb = await loadWorkbook(templateBytes);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['Учні', 'visible'],
      ['Інструкція', 'visible'],
      ['Списки', 'hidden'],
    ]);
    const ws = wb.getWorksheet('Учні')!;
    const header = sheetRows(ws)[0]!;
    expect(header.slice(0, 5)).toEqual(['Прізвище', 'Імʼя', 'По батькові', 'Стать', 'Дата народження']);
    expect(header).toEqual(
      expect.arrayContaining([
        'Свідоцтво: серія',
        'УНЗР',
        'РНОКПП',
        'Переміщення: статус',
        'Звʼязок: статус',
        'ООП (особливі освітні потреби)',
        'Клас (номер)',
        'Літера класу',
        'Номер наказу',
      ]),
    );
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(5).numFmt).toBe('dd.mm.yyyy');
    const sexValidation = ws.getCell('D2').dataValidation;
    expect(sexValidation).toMatchObject({ type: 'list', formulae: ["'Списки'!$A$2:$A$3"] });
    const lists = sheetRows(wb.getWorksheet('Списки')!);
    expect(lists.slice(1, 3).map((r) => r[0])).toEqual(['чоловіча', 'жіноча']);
    const text = sheetRows(wb.getWorksheet('Інструкція')!).flat().join('\n');
    for (const s of [
      'І-БК',
      'РРРРММДД-ННННК',
      '10 цифр',
      'дд.мм.рррр',
      'Серія та номер свідоцтва про народження',
      'Помилка —',
      'Попередження —',
      'birthCertificate.series',
    ])
      expect(text).toContain(s);
  });

  let first: { importId: string; jobId: string };
  it('parses an upload: valid rows, errors, a warning, duplicates in the registry and within the file', async () => {
    const wb = await loadWorkbook(templateBytes);
    const ws = wb.getWorksheet('Учні')!;
    const header = sheetRows(ws)[0] as string[];
    // The school adds the optional ЄДРПОУ column at the end.
    ws.getCell(1, header.length + 1).value = 'ЄДРПОУ закладу';
    const col = (h: string) => header.indexOf(h) + 1;
    const put = (row: number, values: Record<string, unknown>) => {
      for (const [h, v] of Object.entries(values))
        ws.getCell(row, h === 'ЄДРПОУ закладу' ? header.length + 1 : col(h)).value = v as string;
    };
    const base = {
      Стать: 'жіноча',
      Громадянство: 'Україна',
      'Переміщення: статус': 'не переміщений',
      'Звʼязок: статус': 'звʼязок є',
      'Форма навчання': 'очна (денна)',
      'ООП (особливі освітні потреби)': 'ні',
      'Мова навчання': 'українська',
      'Клас (номер)': 5,
      'Літера класу': 'А',
      'Дата зарахування': d('2025-09-01'),
      'Номер наказу': '12-у',
    };
    put(2, {
      ...base,
      Прізвище: 'Коваленко',
      Імʼя: 'Марія',
      'По батькові': 'Петрівна',
      'Дата народження': d('2014-05-12'),
      'Свідоцтво: серія': 'І-ЖС',
      'Свідоцтво: номер': '111111',
    });
    put(3, {
      ...base,
      Прізвище: 'Бондар',
      Імʼя: 'Олена',
      'По батькові': 'Іванівна',
      'Дата народження': '03.02.2014',
      'Свідоцтво: серія': 'I-ЖC',
      'Свідоцтво: номер': '222222',
      'Переміщення: статус': 'ВПО',
      'Переміщення: з дати': '01.04.2022',
      'Переміщення: КАТОТТГ громади походження': 'UA23040010000033945',
      'Переміщення: номер довідки ВПО': '2305-7000123456',
      'Звʼязок: статус': 'звʼязок втрачено',
      'Звʼязок: втрачено з': '20.09.2025',
      'Звʼязок: примітка': 'Телефон не відповідає; лист надіслано.',
    });
    put(4, {
      ...base,
      Прізвище: 'Мельник',
      Імʼя: 'Іван',
      'По батькові': 'Петрович',
      Стать: 'ч',
      'Дата народження': '2014-07-01',
      'Літера класу': 'Б',
    });
    put(5, { ...base, Прізвище: 'Петренко', Стать: 'невідомо', 'Дата народження': d('2014-01-10') });
    put(6, { ...base, Прізвище: 'Сидоренко', Імʼя: 'Ганна', 'Дата народження': 'колись' });
    put(7, {
      ...base,
      Прізвище: 'Шевченко',
      Імʼя: 'Тарас',
      'По батькові': 'Григорович',
      Стать: 'чоловіча',
      'Дата народження': d('2014-03-09'),
      'Свідоцтво: серія': 'І-БК',
      'Свідоцтво: номер': 123456,
    });
    put(8, {
      ...base,
      Прізвище: 'КОВАЛЕНКО',
      Імʼя: 'марія',
      'Дата народження': d('2014-05-12'),
      'Свідоцтво: серія': 'І-ЖС',
      'Свідоцтво: номер': '111111',
    });
    // Row 9 is blank.
    put(10, {
      ...base,
      Прізвище: 'Гнатюк',
      Імʼя: 'Ольга',
      'Дата народження': d('2014-11-11'),
      'ЄДРПОУ закладу': c.schools[4].edrpou,
    });
    first = await uploadAndParse(Buffer.from(await wb.xlsx.writeBuffer()));
    const imp = await getImport(first.importId);
    expect(imp.status, JSON.stringify(imp.error)).toBe('previewed');
    expect(imp.format).toBe('xlsx');
    expect(imp.sheet).toBe('Учні');
    expect(imp.job?.status).toBe('succeeded');
    expect(imp.counts).toEqual({ rows: 8, valid: 3, withErrors: 5, withWarnings: 2, duplicates: 2, committed: 0 });
    expect(imp.columns.find((x) => x.key === 'enrollment.schoolEdrpou')).toMatchObject({ header: 'ЄДРПОУ закладу' });

    const all = await rowsOf(first.importId);
    expect(all.map((r) => [r.rowNumber, r.status])).toEqual([
      [2, 'valid'],
      [3, 'warning'],
      [4, 'warning'],
      [5, 'error'],
      [6, 'error'],
      [7, 'error'],
      [8, 'error'],
      [10, 'error'],
    ]);
    const byRow = new Map(all.map((r) => [r.rowNumber, r]));
    expect(byRow.get(2)!.summary).toEqual({
      lastName: 'Коваленко',
      firstName: 'Марія',
      middleName: 'Петрівна',
      class: '5-А',
    });
    expect(byRow.get(3)!.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['BIRTH_CERT_SERIES_LATIN_LOOKALIKE', 'CONTACT_LOST']),
    );
    expect(byRow.get(4)!.warnings.map((w) => [w.code, w.column?.header])).toContainEqual([
      'BIRTH_CERT_MISSING',
      'Свідоцтво: серія',
    ]);
    const row5 = byRow.get(5)!.errors.map((e) => [e.code, e.column?.header, e.column?.letter]);
    expect(row5).toContainEqual(['FIRST_NAME_REQUIRED', 'Імʼя', 'B']);
    expect(row5).toContainEqual(['IMPORT_VALUE_NOT_IN_LIST', 'Стать', 'D']);
    expect(byRow.get(5)!.errors.find((e) => e.code === 'IMPORT_VALUE_NOT_IN_LIST')!.message).toContain(
      'чоловіча; жіноча',
    );
    // An unreadable date is one error, not also a missing birth date.
    expect(byRow.get(6)!.errors.map((e) => e.code)).toEqual(['IMPORT_DATE_FORMAT']);
    expect(byRow.get(6)!.warnings.map((w) => w.code)).not.toContain('BIRTH_DATE_MISSING');
    const dup = byRow.get(7)!;
    expect(dup.duplicate).toBe(true);
    expect(dup.errors[0]).toMatchObject({ code: 'DUPLICATE_PERSON' });
    expect(dup.errors[0]!.message).toContain(c.schools[4].edrpou!);
    expect(byRow.get(8)!.errors.map((e) => [e.code, e.message.includes('рядку 2')])).toEqual([
      ['DUPLICATE_IN_FILE', true],
    ]);
    expect(byRow.get(10)!.errors.map((e) => [e.code, e.column?.header])).toEqual([
      ['IMPORT_OTHER_SCHOOL', 'ЄДРПОУ закладу'],
    ]);

    const errorsOnly = await rowsOf(first.importId, 'errors');
    expect(errorsOnly.map((r) => r.rowNumber)).toEqual([5, 6, 7, 8, 10]);
    expect((await rowsOf(first.importId, 'warnings')).map((r) => r.rowNumber)).toEqual([3, 4]);
    expect((await rowsOf(first.importId, 'valid')).map((r) => r.rowNumber)).toEqual([2, 3, 4]);
    const page = await t.app.inject({ url: `/api/v1/imports/${first.importId}/rows?limit=3`, headers: editor.headers });
    const p1 = page.json<{ items: RowBody[]; nextCursor: string }>();
    const p2 = (
      await t.app.inject({
        url: `/api/v1/imports/${first.importId}/rows?limit=3&cursor=${p1.nextCursor}`,
        headers: editor.headers,
      })
    ).json<{ items: RowBody[] }>();
    expect([...p1.items, ...p2.items].map((r) => r.rowNumber)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('keeps the parsed rows sealed: no name or identifier in the clear', async () => {
    const rows = await sql<{
      payload: Buffer;
      issues: unknown;
    }>`SELECT payload, issues FROM pupil_import_row WHERE import_id = ${first.importId}`.execute(t.ctx.db.kysely);
    expect(rows.rows).toHaveLength(8);
    for (const r of rows.rows) {
      const text = Buffer.from(r.payload).toString('latin1') + JSON.stringify(r.issues);
      for (const secret of [
        '111111',
        '222222',
        'Коваленко',
        Buffer.from('Коваленко').toString('latin1'),
        '2305-7000123456',
      ])
        expect(text).not.toContain(secret);
    }
    const file = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM pupil_import_file WHERE import_id = ${first.importId}`.execute(t.ctx.db.kysely);
    expect(file.rows[0]!.n).toBe(0);
  });

  it('refuses all_or_nothing while rows have errors, writing nothing', async () => {
    const before = (await personsOf(c.schools[0].id)).length;
    const r = await commit(first.importId, 'all_or_nothing');
    expect(r.statusCode).toBe(422);
    expect(r.json<{ code: string; detail: string }>()).toMatchObject({ code: 'IMPORT_HAS_ERRORS' });
    expect(r.json<{ detail: string }>().detail).toContain('5 рядків з помилками');
    const imp = await getImport(first.importId);
    expect(imp.status).toBe('previewed');
    expect(imp.error?.code).toBe('IMPORT_HAS_ERRORS');
    expect((await personsOf(c.schools[0].id)).length).toBe(before);
  });

  it('a commit that fails half-way (a crash inside the bulk write) leaves nothing behind', async () => {
    const db = t.ctx.db as { bulk: typeof t.ctx.db.bulk };
    const original = db.bulk.bind(t.ctx.db);
    db.bulk = (fn) =>
      original((w) => {
        const crashing: BulkWriter = {
          ...w,
          query: (text, params) => w.query(text, params),
          // The persons are copied first; the crash comes at the enrolments, inside the same transaction.
          copy: async (table, columns, rows) => {
            if (table === 'enrolment') throw new Error('simulated crash after the persons were copied');
            return w.copy(table, columns, rows);
          },
        };
        return fn(crashing);
      });
    try {
      const r = await commit(first.importId, 'valid_only');
      expect(r.statusCode).toBe(202);
    } finally {
      db.bulk = original;
    }
    expect(await personsOf(c.schools[0].id)).toEqual([]);
    const imp = await getImport(first.importId);
    expect(imp.status).toBe('previewed');
    expect(imp.job?.status).toBe('failed');
    expect(imp.error?.code).toBe('INTERNAL');
    const rows = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM pupil_import_row WHERE import_id = ${first.importId} AND person_id IS NOT NULL`.execute(
      t.ctx.db.kysely,
    );
    expect(rows.rows[0]!.n).toBe(0);
  });

  it('a row that violates a database constraint late in the file rolls the whole commit back', async () => {
    // Tamper with the last valid row's sealed record: a grade the enrolment table refuses.
    const aad = `pupil_import_row.payload:${first.importId}:4`;
    const row = await sql<{
      payload: Buffer;
    }>`SELECT payload FROM pupil_import_row WHERE import_id = ${first.importId} AND row_no = 4`.execute(
      t.ctx.db.kysely,
    );
    const payload = JSON.parse(t.ctx.keys.decrypt(row.rows[0]!.payload, aad)) as {
      record: { enrollment: { grade: number } };
    };
    const original = row.rows[0]!.payload;
    payload.record.enrollment.grade = 13;
    await sql`UPDATE pupil_import_row SET payload = ${t.ctx.keys.encrypt(JSON.stringify(payload), aad)} WHERE import_id = ${first.importId} AND row_no = 4`.execute(
      t.ctx.db.kysely,
    );
    const r = await commit(first.importId, 'valid_only');
    expect(r.statusCode).toBe(202);
    expect(await personsOf(c.schools[0].id)).toEqual([]);
    expect((await getImport(first.importId)).status).toBe('previewed');
    await sql`UPDATE pupil_import_row SET payload = ${original} WHERE import_id = ${first.importId} AND row_no = 4`.execute(
      t.ctx.db.kysely,
    );
  });

  it('commits valid_only in one transaction: pupils with classes, histories and events, audited', async () => {
    const r = await commit(first.importId, 'valid_only');
    expect(r.statusCode, r.body).toBe(202);
    const imp = await getImport(first.importId);
    expect(imp.status, JSON.stringify(imp.error)).toBe('committed');
    expect(imp.counts.committed).toBe(3);
    const persons = await personsOf(c.schools[0].id);
    expect(persons.map((p) => [p.last_name, p.first_name, p.source])).toEqual([
      ['Бондар', 'Олена', 'import'],
      ['Коваленко', 'Марія', 'import'],
      ['Мельник', 'Іван', 'import'],
    ]);
    const classes = (
      await t.app.inject({ url: `/api/v1/schools/${c.schools[0].id}/classes`, headers: editor.headers })
    ).json<{ items: Array<{ label: string; pupils: number }> }>();
    expect(classes.items.map((x) => [x.label, x.pupils])).toEqual([
      ['5-А', 2],
      ['5-Б', 1],
    ]);
    const bondar = persons.find((p) => p.last_name === 'Бондар')!;
    const card = (await t.app.inject({ url: `/api/v1/pupils/${bondar.id}`, headers: editor.headers })).json<{
      record: Record<string, unknown>;
      history: { events: Array<{ kind: string; source: string }> };
    }>();
    expect(card.record).toMatchObject({
      birthDate: '2014-02-03',
      birthCertificate: { series: 'І-ЖС', number: '222222' },
      displacement: { status: 'internal', since: '2022-04-01', originKatottg: 'UA23040010000033945' },
      contact: { status: 'lost', lostSince: '2025-09-20' },
      enrollment: {
        schoolEdrpou: c.schools[0].edrpou,
        schoolYear: '2025-2026',
        grade: 5,
        classLetter: 'А',
        entryDate: '2025-09-01',
        orderNumber: '12-у',
      },
    });
    expect(card.history.events).toEqual([expect.objectContaining({ kind: 'created', source: 'import' })]);
    const audit = await (
      await auditDb(t.ctx)
    )
      .selectFrom('audit_log')
      .select(['action', 'object_id', 'details'])
      .where('action', '=', 'import.commit')
      .execute();
    expect(audit).toEqual([
      {
        action: 'import.commit',
        object_id: first.importId,
        details: expect.objectContaining({ mode: 'valid_only', written: 3, rejected: 5 }) as unknown,
      },
    ]);
    // A second commit is refused; a commit job resumed after it finished does nothing.
    expect((await commit(first.importId, 'valid_only')).json<{ code: string }>().code).toBe('IMPORT_STATE');
    await t.ctx.jobs.enqueue(
      'import.commit',
      { importId: first.importId, mode: 'valid_only', caller: {} },
      { scope: { school: c.schools[0].id } },
    );
    await t.ctx.jobs.drain();
    expect((await personsOf(c.schools[0].id)).length).toBe(3);
  });

  let fixed: Buffer;
  it('reports the rejected rows with their values and messages, and rows with warnings on a second sheet', async () => {
    const r = await t.app.inject({ url: `/api/v1/imports/${first.importId}/report.xlsx`, headers: editor.headers });
    expect(r.statusCode, r.body).toBe(200);
    const wb = await loadWorkbook(r.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Відхилені рядки', 'Рядки з попередженнями']);
    const rejected = wb.worksheets[0]!;
    const rows = sheetRows(rejected);
    const header = rows[0] as string[];
    expect(header[0]).toBe('Рядок у файлі');
    expect(header.at(-1)).toBe('Помилки та попередження');
    expect(rows.slice(1).map((x) => x[0])).toEqual([5, 6, 7, 8, 10]);
    const at = (row: number, h: string) => rows[row]![header.indexOf(h)];
    expect(at(1, 'Прізвище')).toBe('Петренко');
    expect(at(1, 'Стать')).toBe('невідомо');
    expect(at(2, 'Дата народження')).toBe('колись');
    expect(String(at(1, 'Помилки та попередження'))).toContain('Зазначте імʼя учня.');
    expect(rejected.getCell(2, header.indexOf('Стать') + 1).note).toBeTruthy();
    expect(
      sheetRows(wb.worksheets[1]!)
        .slice(1)
        .map((x) => x[0]),
    ).toEqual([3, 4]);
    // The school fixes the rejected rows in the report and uploads it back as it is.
    rejected.getCell(2, header.indexOf('Імʼя') + 1).value = 'Петро';
    rejected.getCell(2, header.indexOf('Стать') + 1).value = 'чоловіча';
    rejected.getCell(3, header.indexOf('Дата народження') + 1).value = '15.06.2014';
    rejected.getCell(6, header.indexOf('ЄДРПОУ закладу') + 1).value = null;
    // The two duplicates are dropped: a row left blank is skipped (its row number is not data).
    for (const n of [4, 5]) rejected.getRow(n).eachCell((cell) => (cell.value = null));
    fixed = Buffer.from(await wb.xlsx.writeBuffer());
  });

  it('takes the fixed report back and commits it all_or_nothing', async () => {
    const q = await uploadAndParse(fixed, 'zvit.xlsx');
    const imp = await getImport(q.importId);
    expect(imp.status, JSON.stringify(imp.error)).toBe('previewed');
    expect(imp.sheet).toBe('Відхилені рядки');
    expect(imp.counts).toMatchObject({ rows: 3, valid: 3, withErrors: 0 });
    const r = await commit(q.importId, 'all_or_nothing');
    expect(r.statusCode, r.body).toBe(202);
    expect((await getImport(q.importId)).counts.committed).toBe(3);
    expect((await personsOf(c.schools[0].id)).map((p) => p.last_name)).toEqual([
      'Бондар',
      'Гнатюк',
      'Коваленко',
      'Мельник',
      'Петренко',
      'Сидоренко',
    ]);
  });

  it('re-checks duplicates inside the commit: a pupil saved meanwhile is refused, the rest written', async () => {
    const q = await uploadAndParse(
      await xlsxRows([
        ['Прізвище', 'Імʼя', 'Стать', 'Дата народження', 'Клас (номер)'],
        ['Остапчук', 'Дарина', 'жіноча', '01.01.2014', 5],
        ['Левченко', 'Богдан', 'чоловіча', '02.02.2014', 5],
      ]),
    );
    const saved = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pupils',
      headers: farEditor.headers,
      payload: pupilRecord(c.schools[4], {
        lastName: 'Левченко',
        firstName: 'Богдан',
        middleName: undefined,
        birthDate: '2014-02-02',
        birthCertificate: undefined,
      }),
    });
    expect(saved.statusCode, saved.body).toBe(201);
    await commit(q.importId, 'valid_only');
    const imp = await getImport(q.importId);
    expect(imp.counts).toMatchObject({ committed: 1, withErrors: 1, duplicates: 1 });
    expect((await rowsOf(q.importId, 'errors')).map((r) => [r.rowNumber, r.errors.map((e) => e.code)])).toEqual([
      [3, ['DUPLICATE_PERSON']],
    ]);
  });

  it('a commit job of a process that died is resumed on restart and writes the import once', async () => {
    const q = await queuedCommitOf('Остапенко', 'Роман', '05.05.2014');
    // The process claimed the job and died before finishing it: running, with a heartbeat long gone.
    await t.ctx.db.kysely
      .updateTable('job')
      .set({ status: 'running', attempts: 1, heartbeat_at: new Date(t.ctx.now().getTime() - 120_000) })
      .where('id', '=', q.jobId)
      .execute();
    expect(await t.ctx.jobs.recover()).toBe(1);
    await t.ctx.jobs.drain();
    const imp = await getImport(q.importId);
    expect([imp.status, imp.counts.committed, imp.job?.status]).toEqual(['committed', 1, 'succeeded']);
    expect((await personsOf(c.schools[0].id)).filter((p) => p.last_name === 'Остапенко')).toHaveLength(1);
  });

  it('exports the school in the template format (XLSX and CSV) with what was imported, audited', async () => {
    const res = await t.app.inject({
      url: `/api/v1/schools/${c.schools[0].id}/pupils/export.xlsx`,
      headers: editor.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const ws = (await loadWorkbook(res.rawPayload)).getWorksheet('Учні')!;
    const rows = sheetRows(ws);
    const header = rows[0] as string[];
    const bondar = rows.find((r) => r[0] === 'Бондар')!;
    const v = (h: string) => bondar[header.indexOf(h)];
    expect(v('Дата народження')).toEqual(d('2014-02-03'));
    expect([v('Свідоцтво: серія'), v('Свідоцтво: номер'), v('Громадянство')]).toEqual(['І-ЖС', '222222', 'Україна']);
    expect([
      v('Переміщення: статус'),
      v('Переміщення: з дати'),
      v('Переміщення: КАТОТТГ громади походження'),
      v('Переміщення: номер довідки ВПО'),
    ]).toEqual(['внутрішньо переміщена особа (ВПО)', d('2022-04-01'), 'UA23040010000033945', '2305-7000123456']);
    expect([v('Звʼязок: статус'), v('Звʼязок: втрачено з'), v('Звʼязок: примітка')]).toEqual([
      'звʼязок втрачено',
      d('2025-09-20'),
      'Телефон не відповідає; лист надіслано.',
    ]);
    expect([
      v('Форма навчання'),
      v('ООП (особливі освітні потреби)'),
      v('Мова навчання'),
      v('Клас (номер)'),
      v('Літера класу'),
      v('Дата зарахування'),
      v('Номер наказу'),
    ]).toEqual(['очна (денна)', 'ні', 'українська', 5, 'А', d('2025-09-01'), '12-у']);
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      'Бондар',
      'Гнатюк',
      'Коваленко',
      'Остапенко',
      'Остапчук',
      'Петренко',
      'Сидоренко',
      'Мельник',
    ]);

    const csv = await t.app.inject({
      url: `/api/v1/schools/${c.schools[0].id}/pupils/export.csv`,
      headers: editor.headers,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = [...parseCsv(csv.rawPayload.subarray(3).toString('utf8'), ';')];
    expect(records[0]).toEqual(header);
    const b = records.find((r) => r[0] === 'Бондар')!;
    expect([b[header.indexOf('Дата народження')], b[header.indexOf('Звʼязок: примітка')]]).toEqual([
      '03.02.2014',
      'Телефон не відповідає; лист надіслано.',
    ]);
    const audit = await (
      await auditDb(t.ctx)
    )
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'pupil.export')
      .execute();
    expect(audit.map((a) => a.details)).toEqual([
      expect.objectContaining({ count: 8, format: 'xlsx' }),
      expect.objectContaining({ count: 8, format: 'csv' }),
    ]);
  });

  it('an exported file, imported back, is recognised as the same pupils', async () => {
    const res = await t.app.inject({
      url: `/api/v1/schools/${c.schools[0].id}/pupils/export.xlsx`,
      headers: editor.headers,
    });
    const q = await uploadAndParse(res.rawPayload, 'export.xlsx');
    const imp = await getImport(q.importId);
    expect(imp.counts).toMatchObject({ rows: 8, valid: 0, withErrors: 8, duplicates: 8 });
    expect(
      (await rowsOf(q.importId)).every((r) =>
        r.errors.some((e) => e.code === 'DUPLICATE_PERSON' && e.message.includes('у вашому закладі')),
      ),
    ).toBe(true);
    // Discarding deletes the rows; the import stays as a record.
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/imports/${q.importId}`, headers: editor.headers });
    expect(del.statusCode, del.body).toBe(204);
    expect((await getImport(q.importId)).status).toBe('discarded');
    const left = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM pupil_import_row WHERE import_id = ${q.importId}`.execute(t.ctx.db.kysely);
    expect(left.rows[0]!.n).toBe(0);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/imports/${q.importId}`, headers: editor.headers }))
        .statusCode,
    ).toBe(409);
  });

  it('hides imports from other schools and refuses the template and export outside the scope', async () => {
    for (const s of [otherEditor, farEditor]) {
      for (const url of [
        `/api/v1/imports/${first.importId}`,
        `/api/v1/imports/${first.importId}/rows`,
        `/api/v1/imports/${first.importId}/report.xlsx`,
      ]) {
        const r = await t.app.inject({ url, headers: s.headers });
        expect(r.statusCode, url).toBe(404);
        expect(r.body).not.toContain('Коваленко');
      }
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/v1/imports/${first.importId}/commit`,
            headers: s.headers,
            payload: { mode: 'valid_only' },
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (await t.app.inject({ method: 'DELETE', url: `/api/v1/imports/${first.importId}`, headers: s.headers }))
          .statusCode,
      ).toBe(404);
      for (const path of ['template.xlsx', 'export.xlsx', 'export.csv']) {
        const r = await t.app.inject({ url: `/api/v1/schools/${c.schools[0].id}/pupils/${path}`, headers: s.headers });
        expect([403, 404], path).toContain(r.statusCode);
        expect(r.body).not.toContain('Коваленко');
      }
      const up = await upload(
        t.app,
        s.headers,
        c.schools[0].id,
        'x.xlsx',
        await xlsxRows([['Прізвище', 'Імʼя', 'Стать', 'Клас (номер)']]),
      );
      expect([403, 404]).toContain(up.statusCode);
    }
    expect(
      (await t.app.inject({ url: `/api/v1/schools/${c.schools[0].id}/imports`, headers: otherEditor.headers }))
        .statusCode,
    ).toBe(404);
    const list = (
      await t.app.inject({ url: `/api/v1/schools/${c.schools[0].id}/imports`, headers: editor.headers })
    ).json<{ items: Array<{ id: string }> }>();
    expect(list.items.map((i) => i.id)).toContain(first.importId);
  });

  it('lets the ОУО see its schools’ imports, and roles without the right only what their role allows', async () => {
    const ouo = await signIn(t.app, t.ctx, await createUser(t.ctx, 'ouo_specialist', c.ouos[0], { totp: true }));
    t.advance(31_000);
    expect((await getImport(first.importId, ouo)).status).toBe('committed');
    const farOuo = await signIn(t.app, t.ctx, await createUser(t.ctx, 'ouo_specialist', c.ouos[2], { totp: true }));
    t.advance(31_000);
    expect((await t.app.inject({ url: `/api/v1/imports/${first.importId}`, headers: farOuo.headers })).statusCode).toBe(
      404,
    );
    const ouoAdmin = await signIn(t.app, t.ctx, await createUser(t.ctx, 'ouo_admin', c.ouos[0], { totp: true }));
    t.advance(31_000);
    // ОУО administrators export (pupil:export) but do not import (no pupil:write).
    expect(
      (await t.app.inject({ url: `/api/v1/schools/${c.schools[0].id}/pupils/export.csv`, headers: ouoAdmin.headers }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await t.app.inject({
          url: `/api/v1/schools/${c.schools[0].id}/pupils/template.xlsx`,
          headers: ouoAdmin.headers,
        })
      ).statusCode,
    ).toBe(403);
    const region = await signIn(t.app, t.ctx, await createUser(t.ctx, 'region_admin', c.regions[0], { totp: true }));
    t.advance(31_000);
    expect(
      (await t.app.inject({ url: `/api/v1/schools/${c.schools[0].id}/pupils/export.xlsx`, headers: region.headers }))
        .statusCode,
    ).toBe(403);
    expect((await t.app.inject({ url: `/api/v1/imports/${first.importId}`, headers: region.headers })).statusCode).toBe(
      403,
    );
  });

  // Last: these add pupils to the school that the export tests above count.
  it('a commit given up after its last attempt leaves the import previewed, to be committed again', async () => {
    const q = await queuedCommitOf('Кравчишин', 'Остап', '06.06.2014');
    await jobDiedForGood(t.ctx, q.jobId);
    expect(await t.ctx.jobs.recover()).toBe(1);
    const given = await getImport(q.importId);
    expect([given.status, given.job?.status, given.error?.code]).toEqual(['previewed', 'failed', 'JOB_ABANDONED']);
    expect((await personsOf(c.schools[0].id)).filter((p) => p.last_name === 'Кравчишин')).toHaveLength(0);
    expect((await commit(q.importId, 'valid_only')).statusCode).toBe(202);
    expect((await getImport(q.importId)).status).toBe('committed');
    expect((await personsOf(c.schools[0].id)).filter((p) => p.last_name === 'Кравчишин')).toHaveLength(1);
  });

  it('a parse given up after its last attempt fails the import with the reason and keeps no rows', async () => {
    const res = await upload(
      t.app,
      editor.headers,
      c.schools[0].id,
      'uchni.xlsx',
      await onePupil('Лисенко', 'Тарас', '07.07.2014'),
    );
    expect(res.statusCode, res.body).toBe(202);
    const q = res.json<{ importId: string; jobId: string }>();
    await jobDiedForGood(t.ctx, q.jobId);
    expect(await t.ctx.jobs.recover()).toBe(1);
    const given = await getImport(q.importId);
    expect([given.status, given.job?.status, given.error?.code]).toEqual(['failed', 'failed', 'JOB_ABANDONED']);
    const kept = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pupil_import_row WHERE import_id = ${q.importId}::uuid`.execute(t.ctx.db.kysely);
    expect(kept.rows[0]!.n).toBe(0);
  });
});

const xlsxRows = (rows: Array<Array<string | number>>) => workbookOf(rows);
