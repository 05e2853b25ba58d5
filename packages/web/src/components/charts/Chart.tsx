import type { EChartsType } from 'echarts/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../../i18n/I18nProvider';
import './charts.css';

/** One line (or set of bars) of a chart: a value per category, null where there is none. */
export interface ChartSeries {
  name: string;
  values: ReadonlyArray<number | null>;
  /** CSS colour; by default the portal's series colours in order. */
  color?: string;
}

export interface ChartProps {
  /** What the chart shows: the figure's caption and the table's caption. */
  title: string;
  /** `line` (e.g. over time) or `bar` (e.g. by region). */
  kind: 'line' | 'bar';
  /** The categories along the horizontal axis (days already formatted дд.мм.рррр, region names …). */
  categories: readonly string[];
  /** Header of the table's first column (what a category is: «День», «Область» …). */
  categoryLabel: string;
  series: readonly ChartSeries[];
  /** Formats a value for the axis, the tooltip and the table (default: the number as is, in the UI language). */
  format?: (value: number) => string;
  /** Upper end of the value axis (e.g. 100 for percentages); by default fitted to the data. */
  max?: number;
  /** A horizontal reference line, e.g. the target. */
  reference?: { value: number; label: string };
  /** Height of the drawing in pixels (default 280). */
  height?: number;
  /** Show the data table to everyone, not only to screen readers (default false: a «show as table» toggle). */
  tableVisible?: boolean;
}

const PALETTE = ['#1d5fa8', '#2e7d32', '#b35900', '#6a3d9a', '#b00020'];

/**
 * A chart drawn by ECharts — loaded lazily, as its own chunk, the first time a chart is on screen — that always
 * renders the same data as a `<table>`: the drawing is `aria-hidden`, the table is what screen readers (and anyone
 * who opens «show as table») read. While ECharts loads, or if it cannot load, the table alone is the chart.
 */
export function Chart(p: ChartProps) {
  const t = useT();
  const id = useId();
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [showTable, setShowTable] = useState(!!p.tableVisible);
  const [failed, setFailed] = useState(false);
  const language = t.language;
  const number = new Intl.NumberFormat(language === 'uk' ? 'uk-UA' : 'en-GB');
  const format = p.format ?? ((v: number) => number.format(v));
  const { kind, categories, series, max, reference } = p;

  useEffect(() => {
    let cancelled = false;
    let observer: ResizeObserver | undefined;
    import('./echarts').then(
      ({ echarts }) => {
        if (cancelled || !host.current) return;
        const instance = chart.current ?? echarts.init(host.current, null, { renderer: 'canvas' });
        chart.current = instance;
        instance.setOption(
          {
            animation: false,
            aria: { enabled: false },
            color: series.map((s, i) => s.color ?? PALETTE[i % PALETTE.length] ?? '#1d5fa8'),
            grid: { left: 48, right: 24, top: series.length > 1 ? 36 : 16, bottom: 32, containLabel: true },
            legend: series.length > 1 ? { top: 0, data: series.map((s) => s.name) } : { show: false },
            tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '—') },
            xAxis: { type: 'category', data: [...categories], boundaryGap: kind === 'bar' },
            yAxis: { type: 'value', min: 0, ...(max !== undefined ? { max } : {}), axisLabel: { formatter: format } },
            series: series.map((s, i) => ({
              name: s.name,
              type: kind,
              data: [...s.values],
              connectNulls: false,
              showSymbol: categories.length <= 60,
              ...(i === 0 && reference
                ? {
                    markLine: {
                      silent: true,
                      symbol: 'none',
                      data: [{ yAxis: reference.value, name: reference.label }],
                      label: { formatter: reference.label },
                    },
                  }
                : {}),
            })),
          },
          { notMerge: true },
        );
        observer = new ResizeObserver(() => instance.resize());
        observer.observe(host.current);
      },
      () => {
        if (!cancelled) setFailed(true);
      },
    );
    return () => {
      cancelled = true;
      observer?.disconnect();
    };
    // `format` follows the language; a new function on every render must not redraw the chart.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kind, categories, series, max, reference, language]);

  useEffect(
    () => () => {
      chart.current?.dispose();
      chart.current = null;
    },
    [],
  );

  const tableId = `${id}-table`;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart__title">
        {p.title}
      </figcaption>
      {!failed && <div ref={host} className="chart__canvas" style={{ height: p.height ?? 280 }} aria-hidden="true" />}
      {!p.tableVisible && !failed && (
        <button
          type="button"
          className="link-button chart__toggle"
          aria-expanded={showTable}
          aria-controls={tableId}
          onClick={() => setShowTable((v) => !v)}
        >
          {showTable ? t('charts.hideTable') : t('charts.showTable')}
        </button>
      )}
      <div id={tableId} className={showTable || failed ? 'chart__table' : 'visually-hidden'}>
        <table className="history">
          <caption>{p.title}</caption>
          <thead>
            <tr>
              <th scope="col">{p.categoryLabel}</th>
              {series.map((s) => (
                <th scope="col" key={s.name}>
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((c, row) => (
              <tr key={`${c}-${row}`}>
                <th scope="row">{c}</th>
                {series.map((s) => {
                  const v = s.values[row];
                  return <td key={s.name}>{v === null || v === undefined ? '—' : format(v)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
        {categories.length === 0 && <p className="note">{t('charts.noData')}</p>}
      </div>
    </figure>
  );
}
