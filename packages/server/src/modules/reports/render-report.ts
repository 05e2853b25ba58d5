import { reportCsv, CSV_TYPE } from './csv-export';
import { reportPdf, PDF_TYPE } from './pdf-export';
import type { ReportDocument } from './report-document';
import { reportXlsx, XLSX_TYPE } from './xlsx-export';

export const EXPORT_FORMATS = ['xlsx', 'pdf', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface RenderedReport {
  body: Buffer;
  contentType: string;
  fileName: string;
}

/** Renders a report document in one of the export formats. */
export async function renderReport(doc: ReportDocument, format: ExportFormat): Promise<RenderedReport> {
  const fileName = `${doc.fileName}.${format}`;
  switch (format) {
    case 'xlsx':
      return { body: await reportXlsx(doc), contentType: XLSX_TYPE, fileName };
    case 'pdf':
      return { body: await reportPdf(doc), contentType: PDF_TYPE, fileName };
    case 'csv':
      return { body: reportCsv(doc), contentType: CSV_TYPE, fileName };
  }
}

/** `attachment; filename=…` with an ASCII fallback and the UTF-8 name (RFC 6266, RFC 8187). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
