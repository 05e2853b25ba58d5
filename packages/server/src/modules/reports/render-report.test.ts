import { describe, expect, it } from 'vitest';
import { reportCsv } from './csv-export';
import { contentDisposition } from './render-report';
import type { ReportDocument } from './report-document';

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name (RFC 6266, RFC 8187)', () => {
    expect(contentDisposition('ЗНЗ-1_12345678_2025-09-05.pdf')).toBe(
      `attachment; filename="___-1_12345678_2025-09-05.pdf"; filename*=UTF-8''${encodeURIComponent('ЗНЗ-1_12345678_2025-09-05.pdf')}`,
    );
    expect(contentDisposition('a"b\\c.csv')).toBe(`attachment; filename="a_b_c.csv"; filename*=UTF-8''a%22b%5Cc.csv`);
  });
});

describe('reportCsv', () => {
  it('quotes labels with commas and marks suppressed, entered and missing cells', () => {
    const doc: ReportDocument = {
      fileName: 'x',
      title: 't',
      subtitle: [],
      header: [],
      checks: [],
      schools: null,
      footer: [],
      tables: [
        {
          title: 'Розділ 8. Класи, що навчаються в другу зміну',
          section: 8,
          source: 'entered',
          note: null,
          columns: [{ n: 1, label: 'класів, "усього"' }],
          rows: [
            { n: 1, label: '1–4 класи', cells: [{ id: '8.1.1', value: 2, entered: true, missing: false }] },
            { n: 2, label: '5–9 класи', cells: [{ id: '8.2.1', value: 0, entered: false, missing: true }] },
            { n: 3, label: '10–12 класи', cells: [{ id: '8.3.1', value: null, entered: false, missing: false }] },
          ],
        },
      ],
    };
    const lines = reportCsv(doc).toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[1]).toBe(
      '8.1.1,8,1,1,"Розділ 8. Класи, що навчаються в другу зміну",1–4 класи,"класів, ""усього""",2,entered',
    );
    expect(lines[2]!.endsWith(',0,not_entered')).toBe(true);
    expect(lines[3]!.endsWith(',,suppressed')).toBe(true);
  });
});
