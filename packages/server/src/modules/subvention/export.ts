/**
 * Spreadsheets of the subvention: an allocation run (every budget, its inputs, the parameters with their sources and
 * flags, the class-size table) and a scenario comparison. Built with exceljs in memory — ≈ 1 500 budgets. Amounts are
 * written twice: whole kopiyky (exact) and hryvnias formatted with two decimals.
 */
import { BUDGET_KIND_LABELS } from '@aikom/domain/subvention/budgets';
import { bandLabels, type ClassSizeTable } from '@aikom/domain/subvention/class-size-table';
import type { Comparison } from '@aikom/domain/subvention/compare';
import { ratioToPlain, SCALE } from '@aikom/domain/subvention/decimal';
import { GROUP_IDS, LEVELS } from '@aikom/domain/subvention/groups';
import type { BudgetInputs } from '@aikom/domain/subvention/inputs';
import { formatUah } from '@aikom/domain/subvention/money';
import { parameterEntries, type ParameterChange, type SubventionParameters } from '@aikom/domain/subvention/parameters';
import ExcelJS from 'exceljs';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const UNVERIFIED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const UAH = '#,##0.00';

function sheet(wb: ExcelJS.Workbook, name: string, columns: Array<[string, number]>): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map(([header, width]) => ({ header, width }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.eachCell((c) => {
    c.fill = HEADER_FILL;
    c.alignment = { wrapText: true, vertical: 'top' };
  });
  return ws;
}

function parametersSheet(wb: ExcelJS.Workbook, params: SubventionParameters): void {
  const ws = sheet(wb, 'Параметри', [
    ['Параметр', 60],
    ['Шлях', 28],
    ['Значення', 40],
    ['Перевірено', 12],
    ['Джерело', 70],
    ['Примітка', 70],
  ]);
  for (const e of parameterEntries(params)) {
    const value = typeof e.value === 'string' ? e.value : JSON.stringify(e.value);
    const row = ws.addRow([
      e.label,
      e.path,
      value.length > 30000 ? `${value.slice(0, 30000)}…` : value,
      e.verified ? 'так' : 'ні',
      e.source || '—',
      e.note ?? '',
    ]);
    if (!e.verified) row.eachCell((c) => (c.fill = UNVERIFIED_FILL));
    row.alignment = { wrapText: true, vertical: 'top' };
  }
}

function tableSheet(wb: ExcelJS.Workbook, table: ClassSizeTable): void {
  const labels = bandLabels(table);
  const ws = sheet(wb, 'Наповнюваність', [
    ['Щільність \\ % сільського населення', 32],
    ...labels.rural.map((l): [string, number] => [l, 10]),
  ]);
  table.values.forEach((row, i) => ws.addRow([labels.density[i], ...row.map(Number)]));
}

const count = (n12: bigint) => Number(n12) / 12;

/** The workbook of an allocation run. */
export async function runWorkbook(input: {
  title: string;
  asOf: string;
  totalKop: bigint;
  weightSumMicro: bigint;
  params: SubventionParameters;
  budgets: ReadonlyArray<{ inputs: BudgetInputs; weightMicro: bigint; amountKop: bigint }>;
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'aikom';
  const summary = sheet(wb, 'Розподіл', [
    ['Код КАТОТТГ', 22],
    ['Бюджет', 40],
    ['Вид бюджету', 30],
    ['Область', 22],
    ['Учнів', 10],
    ['Розрахункова кількість учнів Nр', 18],
    ['Частка', 16],
    ['Обсяг, коп.', 18],
    ['Обсяг, грн', 20],
    ['На одного учня, грн', 16],
  ]);
  summary.getRow(1).height = 45;
  for (const b of input.budgets) {
    const row = summary.addRow([
      b.inputs.code,
      b.inputs.name,
      BUDGET_KIND_LABELS[b.inputs.kind],
      b.inputs.oblastName,
      b.inputs.pupils,
      Number(ratioToPlain({ num: b.weightMicro, den: SCALE }, 6)),
      Number(ratioToPlain({ num: b.weightMicro, den: input.weightSumMicro === 0n ? 1n : input.weightSumMicro }, 10)),
      Number(b.amountKop),
      Number(b.amountKop) / 100,
      b.inputs.pupils > 0 ? Number(b.amountKop / BigInt(b.inputs.pupils)) / 100 : null,
    ]);
    row.getCell(9).numFmt = UAH;
    row.getCell(10).numFmt = UAH;
  }
  const total = summary.addRow([
    '',
    'Разом',
    '',
    '',
    input.budgets.reduce((s, b) => s + b.inputs.pupils, 0),
    Number(ratioToPlain({ num: input.weightSumMicro, den: SCALE }, 6)),
    1,
    Number(input.totalKop),
    Number(input.totalKop) / 100,
    null,
  ]);
  total.font = { bold: true };
  total.getCell(9).numFmt = UAH;
  summary.addRow([]);
  summary.addRow(['', `${input.title}; учні на ${input.asOf}; загальний обсяг ${formatUah(input.totalKop)}`]);
  summary.addRow([
    '',
    'Суми округлено до копійки методом Сент-Лагю (Вебстера): сума всіх бюджетів дорівнює загальному обсягу.',
  ]);

  const inputs = sheet(wb, 'Вхідні дані', [
    ['Код КАТОТТГ', 22],
    ['Бюджет', 36],
    ...GROUP_IDS.flatMap((g) =>
      LEVELS.map((l): [string, number] => [
        `Група ${g}, ${l === 'primary' ? '1–4' : l === 'basic' ? '5–9' : '10–12'}`,
        11,
      ]),
    ),
    ['Класи групи I, 1–4', 11],
    ['Класи, 5–9', 11],
    ['Класи, 10–12', 11],
    ['ООП (інклюзія)', 11],
    ['Мова меншини', 11],
    ['Підвезення', 11],
    ['Гори', 11],
    ['Населених пунктів', 11],
    ['Площа, км²', 12],
    ['Щільність, учнів/км²', 12],
    ['Частка сільських учнів, %', 12],
    ['Розрахункова наповнюваність', 14],
    ['Підстава нормативу', 22],
    ['Коефіцієнт скорочення', 12],
    ['Закладів', 10],
    ['Переміщених закладів', 12],
    ['Малих закладів', 10],
  ]);
  inputs.getRow(1).height = 60;
  for (const { inputs: b } of input.budgets) {
    const w = b.weighted;
    inputs.addRow([
      b.code,
      b.name,
      ...GROUP_IDS.flatMap((g) => LEVELS.map((l) => count(w.groups[g][l]))),
      ...LEVELS.map((l) => count(w.classes[l])),
      count(w.specialNeeds),
      count(w.minorityLanguage),
      count(w.transport),
      count(w.mountain),
      b.indicators.settlements,
      Number(ratioToPlain({ num: b.indicators.areaScaled, den: SCALE }, 2)),
      Number(ratioToPlain(b.indicators.density, 4)),
      Number(ratioToPlain(b.indicators.ruralSharePct, 2)),
      Number(ratioToPlain({ num: b.norm.scaled, den: SCALE }, 2)),
      b.norm.source,
      b.reduction.applies ? Number(input.params.reduction.coefficient.value) : null,
      b.lines.length,
      b.lines.filter((l) => l.relocated).length,
      b.lines.filter((l) => l.smallSchool).length,
    ]);
  }
  inputs.addRow([]);
  inputs.addRow(['', 'Кількості враховано з урахуванням правила мінімальної кількості учнів (частки року).']);

  parametersSheet(wb, input.params);
  tableSheet(wb, input.params.classSize.table.value);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The workbook of a scenario against its baseline. */
export async function comparisonWorkbook(input: {
  title: string;
  comparison: Comparison;
  changes: readonly ParameterChange[];
  params: SubventionParameters;
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'aikom';
  const ws = sheet(wb, 'Порівняння', [
    ['Код КАТОТТГ', 22],
    ['Бюджет', 40],
    ['Область', 22],
    ['Учнів', 10],
    ['Базовий обсяг, грн', 20],
    ['Сценарій, грн', 20],
    ['Різниця, грн', 18],
    ['Різниця, %', 12],
    ['Базовий обсяг, коп.', 18],
    ['Сценарій, коп.', 18],
    ['Норматив: база', 12],
    ['Норматив: сценарій', 12],
  ]);
  for (const d of input.comparison.budgets) {
    const row = ws.addRow([
      d.code,
      d.name,
      d.oblastName,
      d.pupils,
      Number(d.baseKop) / 100,
      Number(d.scenarioKop) / 100,
      Number(d.deltaKop) / 100,
      d.deltaPct,
      Number(d.baseKop),
      Number(d.scenarioKop),
      d.baseNorm === null ? null : Number(d.baseNorm),
      d.scenarioNorm === null ? null : Number(d.scenarioNorm),
    ]);
    for (const c of [5, 6, 7]) row.getCell(c).numFmt = UAH;
  }
  ws.addRow([]);
  ws.addRow(['', input.title]);
  const changes = sheet(wb, 'Зміни параметрів', [
    ['Параметр', 60],
    ['Шлях', 28],
    ['Було', 50],
    ['Стало', 50],
  ]);
  for (const c of input.changes)
    changes.addRow([
      c.label,
      c.path,
      JSON.stringify(c.before).slice(0, 30000),
      JSON.stringify(c.after).slice(0, 30000),
    ]);
  const tiles = sheet(wb, 'Області', [
    ['Код', 22],
    ['Область', 24],
    ['Бюджетів', 10],
    ['Виграють', 10],
    ['Втрачають', 10],
    ['Різниця, грн', 18],
    ['Різниця, %', 12],
  ]);
  for (const t of input.comparison.tileMap.tiles) {
    const row = tiles.addRow([t.code, t.name, t.budgets, t.gainers, t.losers, Number(t.deltaKop) / 100, t.deltaPct]);
    row.getCell(6).numFmt = UAH;
  }
  parametersSheet(wb, input.params);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
