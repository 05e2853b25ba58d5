/**
 * A report as a PDF (pdfkit): A4 landscape, the sections as ruled tables with numbered rows and columns, page numbers.
 * The text is set in DejaVu Sans Condensed, committed with its licence in packages/server/assets/fonts, so that
 * Cyrillic renders on any machine (no system font is assumed).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import type { DocumentTable, ReportDocument } from './report-document';
import { SUPPRESSED_MARK, SUPPRESSED_NOTE } from './xlsx-export';

export const PDF_TYPE = 'application/pdf';

export const FONT_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../assets/fonts/DejaVuSansCondensed.ttf',
);

const MARGIN = 32;
const LABEL_WIDTH = 190;
const NUMBER_WIDTH = 34;
const ROW_FONT = 7.5;
const HEAD_FONT = 6.5;
const ENTERED_SHADE = '#fff2cc';
const HEAD_SHADE = '#eeeeee';

type Doc = InstanceType<typeof PDFDocument>;

function bottom(doc: Doc): number {
  return doc.page.height - MARGIN - 14;
}

/** Draws one section; continues on a new page (repeating the column heads) when the page is full. */
function drawTable(doc: Doc, t: DocumentTable): void {
  const width = doc.page.width - 2 * MARGIN;
  const colWidth = (width - LABEL_WIDTH - NUMBER_WIDTH) / Math.max(1, t.columns.length);
  const x0 = MARGIN;
  doc.fontSize(9.5).fillColor('black');
  const title = t.title + (t.source === 'entered' ? ' (заповнює заклад)' : '');
  if (doc.y + 60 > bottom(doc)) doc.addPage();
  doc.text(title, x0, doc.y, { width });
  if (t.note) doc.fontSize(7).fillColor('#444444').text(t.note, x0, doc.y, { width }).fillColor('black');
  doc.moveDown(0.3);

  const heads = ['Назва рядка', '№', ...t.columns.map((c) => `${c.n}. ${c.label}`)];
  const widths = [LABEL_WIDTH, NUMBER_WIDTH, ...t.columns.map(() => colWidth)];
  const drawHead = () => {
    doc.fontSize(HEAD_FONT);
    const h = Math.max(...heads.map((s, i) => doc.heightOfString(s, { width: widths[i]! - 4 }))) + 6;
    let x = x0;
    const y = doc.y;
    heads.forEach((s, i) => {
      doc.rect(x, y, widths[i]!, h).fillAndStroke(HEAD_SHADE, '#999999');
      doc.fillColor('black').text(s, x + 2, y + 3, { width: widths[i]! - 4, align: 'center' });
      x += widths[i]!;
    });
    doc.y = y + h;
  };
  drawHead();
  doc.fontSize(ROW_FONT);
  for (const r of t.rows) {
    const h = Math.max(12, doc.heightOfString(r.label, { width: LABEL_WIDTH - 6 }) + 5);
    if (doc.y + h > bottom(doc)) {
      doc.addPage();
      drawHead();
      doc.fontSize(ROW_FONT);
    }
    const y = doc.y;
    let x = x0;
    const total = /^усього/.test(r.label);
    const cells = [
      r.label,
      `${t.section}.${r.n}`,
      ...r.cells.map((c) => (c.value === null ? SUPPRESSED_MARK : c.missing ? '—' : String(c.value))),
    ];
    cells.forEach((text, i) => {
      const entered = i >= 2 && r.cells[i - 2]!.entered;
      if (entered) doc.rect(x, y, widths[i]!, h).fillAndStroke(ENTERED_SHADE, '#bbbbbb');
      else doc.rect(x, y, widths[i]!, h).stroke('#bbbbbb');
      doc
        .fillColor(total ? '#000000' : '#111111')
        .text(text, x + 3, y + 3, { width: widths[i]! - 6, align: i === 0 ? 'left' : i === 1 ? 'center' : 'right' });
      x += widths[i]!;
    });
    doc.y = y + h;
  }
  doc.moveDown(0.8);
}

/** Renders the document to a PDF buffer. */
export function reportPdf(doc: ReportDocument): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: doc.title, Creator: 'aikom', Producer: 'aikom (pdfkit)' },
    lang: 'uk',
    font: FONT_FILE,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const width = pdf.page.width - 2 * MARGIN;
  pdf.font(FONT_FILE);
  pdf.fontSize(13).text(doc.title, MARGIN, MARGIN, { width, align: 'center' });
  pdf.fontSize(9);
  for (const s of doc.subtitle) pdf.text(s, { width, align: 'center' });
  pdf.moveDown(0.8);
  pdf.fontSize(8.5);
  for (const [label, value] of doc.header) {
    const y = pdf.y;
    pdf.fillColor('#444444').text(label, MARGIN, y, { width: 200 });
    const h1 = pdf.y - y;
    pdf.fillColor('black').text(value, MARGIN + 210, y, { width: width - 210 });
    pdf.y = Math.max(pdf.y, y + h1) + 1;
  }
  pdf.moveDown(0.8);
  for (const t of doc.tables) drawTable(pdf, t);

  pdf.fontSize(9.5).fillColor('black');
  if (pdf.y + 40 > bottom(pdf)) pdf.addPage();
  pdf.text('Перевірки узгодженості', MARGIN, pdf.y, { width });
  pdf.fontSize(7.5);
  for (const c of doc.checks) {
    if (pdf.y + 12 > bottom(pdf)) pdf.addPage();
    pdf.fillColor(c.ok ? '#1b5e20' : c.severity === 'error' ? '#b71c1c' : '#8a5a00');
    pdf.text(`${c.ok ? '✓' : '✗'}  ${c.text}`, MARGIN, pdf.y, { width });
  }
  pdf.fillColor('black').moveDown(0.8);
  if (doc.schools) {
    pdf.fontSize(9.5);
    if (pdf.y + 40 > bottom(pdf)) pdf.addPage();
    pdf.text(doc.schools.columns.includes('Регіон') ? 'Регіони' : 'Заклади', MARGIN, pdf.y, { width });
    pdf.fontSize(7);
    const w = [70, width - 70 - 4 * 70, 70, 70, 70, 70].slice(0, doc.schools.columns.length);
    if (doc.schools.columns.length === 3) w.splice(0, 3, 90, width - 180, 90);
    const line = (cells: ReadonlyArray<string | number>, shade: boolean) => {
      if (pdf.y + 11 > bottom(pdf)) pdf.addPage();
      const y = pdf.y;
      let x = MARGIN;
      cells.forEach((c, i) => {
        if (shade) pdf.rect(x, y, w[i]!, 11).fillAndStroke(HEAD_SHADE, '#bbbbbb');
        else pdf.rect(x, y, w[i]!, 11).stroke('#bbbbbb');
        pdf.fillColor('black').text(String(c), x + 2, y + 2, {
          width: w[i]! - 4,
          height: 9,
          ellipsis: true,
          lineBreak: false,
          align: i === 1 ? 'left' : 'right',
        });
        x += w[i]!;
      });
      pdf.y = y + 11;
    };
    line(doc.schools.columns, true);
    for (const r of doc.schools.rows) line(r, false);
    pdf.moveDown(0.8);
  }
  const anySuppressed = doc.tables.some((t) => t.rows.some((r) => r.cells.some((c) => c.value === null)));
  pdf.fontSize(7).fillColor('#444444');
  for (const f of [...(anySuppressed ? [SUPPRESSED_NOTE] : []), ...doc.footer]) {
    if (pdf.y + 10 > bottom(pdf)) pdf.addPage();
    pdf.text(f, MARGIN, pdf.y, { width });
  }
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    // The number sits in the bottom margin: lift the margin so that pdfkit does not start a new page for it.
    pdf.page.margins.bottom = 0;
    pdf
      .fontSize(7)
      .fillColor('#666666')
      .text(`Сторінка ${i + 1} з ${range.count}`, MARGIN, pdf.page.height - MARGIN - 8, {
        width,
        align: 'right',
        lineBreak: false,
      });
  }
  pdf.end();
  return done;
}
