import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../i18n/I18nProvider';
import './charts.css';
import { binBounds, OBLAST_GRID, placeValues, type OblastValue } from './oblastTiles';

export type { OblastValue } from './oblastTiles';

/** Five classes from light to dark green (ColorBrewer YlGn): the higher, the darker. */
export const SEQUENTIAL_GREEN = ['#ffffcc', '#c2e699', '#78c679', '#31a354', '#006837'] as const;

export interface OblastTileMapProps {
  /** What the map shows: caption of the figure and of its table. */
  title: string;
  /** The values by region, keyed by KATOTTH code or organisation id (see `codes`). */
  values: readonly OblastValue[];
  /** Organisation id → KATOTTH code, when `values` are keyed by id. */
  codes?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** Header of the value column, e.g. «Виконання». */
  valueLabel: string;
  /** Formats a value for the squares, the legend and the table (default: `N %`). */
  format?: (value: number) => string;
  /** Scale from `min` to `max` (default 0 … 100). */
  min?: number;
  max?: number;
  /** Colours of the classes, lowest first (default {@link SEQUENTIAL_GREEN}); as many classes as colours. */
  palette?: readonly string[];
}

/** Black or white, whichever reads better on the colour (WCAG relative luminance). */
function textOn(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

/**
 * A tile map of Ukraine's 27 regions, each an equal square coloured by its value on a classed scale, with a legend
 * and — always, for screen readers and for anyone who prefers numbers — the same values as a table. Squares with
 * an `href` are links (drill-down); the others are plain. Regions without data are hatched grey, never coloured.
 */
export function OblastTileMap(p: OblastTileMapProps) {
  const t = useT();
  const id = useId();
  const [showTable, setShowTable] = useState(false);
  const min = p.min ?? 0;
  const max = p.max ?? 100;
  const palette = p.palette ?? SEQUENTIAL_GREEN;
  const format = p.format ?? ((v: number) => `${Math.round(v)} %`);
  const { tiles, unplaced } = placeValues(p.values, {
    ...(p.codes ? { codes: p.codes } : {}),
    min,
    max,
    steps: palette.length,
  });
  const bounds = binBounds(min, max, palette.length);
  const rows = [...tiles].sort((a, b) => a.label.localeCompare(b.label, 'uk'));

  return (
    <figure className="tile-map" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart__title">
        {p.title}
      </figcaption>
      <div
        className="tile-map__grid"
        aria-hidden="true"
        style={{
          gridTemplateColumns: `repeat(${OBLAST_GRID.columns}, minmax(0, 1fr))`,
          gridTemplateRows: `repeat(${OBLAST_GRID.rows}, auto)`,
        }}
      >
        {tiles.map((tile) => {
          const colour = tile.bin === null ? null : (palette[tile.bin] ?? null);
          const text = tile.value === null ? '—' : format(tile.value);
          const style = {
            gridColumn: tile.col + 1,
            gridRow: tile.row + 1,
            ...(colour ? { background: colour, color: textOn(colour) } : {}),
          };
          const content = (
            <>
              <span className="tile-map__short">{tile.short}</span>
              <span className="tile-map__value">{text}</span>
            </>
          );
          const className = `tile-map__tile${colour ? '' : ' tile-map__tile--empty'}`;
          const title = `${tile.label}: ${text}${tile.detail ? ` (${tile.detail})` : ''}`;
          // The squares repeat the table for the eye; links are reachable from the table, so they are not tabbable.
          return tile.href ? (
            <Link key={tile.code} to={tile.href} className={className} style={style} title={title} tabIndex={-1}>
              {content}
            </Link>
          ) : (
            <span key={tile.code} className={className} style={style} title={title}>
              {content}
            </span>
          );
        })}
      </div>
      <div className="tile-map__legend">
        <span className="tile-map__legend-title">{p.valueLabel}:</span>
        <ul>
          {bounds.map((b, i) => (
            <li key={i}>
              <span className="tile-map__swatch" style={{ background: palette[i] }} aria-hidden="true" />
              {i === bounds.length - 1
                ? t('charts.legendFrom', { from: format(b.from) })
                : t('charts.legendRange', { from: format(b.from), to: format(b.to) })}
            </li>
          ))}
          <li>
            <span className="tile-map__swatch tile-map__tile--empty" aria-hidden="true" />
            {t('charts.noData')}
          </li>
        </ul>
      </div>
      <button
        type="button"
        className="link-button chart__toggle"
        aria-expanded={showTable}
        aria-controls={`${id}-table`}
        onClick={() => setShowTable((v) => !v)}
      >
        {showTable ? t('charts.hideTable') : t('charts.showTable')}
      </button>
      {/* The table is always there for screen readers; the toggle shows it to everyone. */}
      <div id={`${id}-table`} className={showTable ? 'chart__table' : 'visually-hidden'}>
        <table className="history">
          <caption>{p.title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('charts.region')}</th>
              <th scope="col">{p.valueLabel}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((tile) => (
              <tr key={tile.code}>
                <th scope="row">{tile.href ? <Link to={tile.href}>{tile.label}</Link> : tile.label}</th>
                <td>
                  {tile.value === null ? t('charts.noData') : format(tile.value)}
                  {tile.detail ? ` · ${tile.detail}` : ''}
                </td>
              </tr>
            ))}
            {unplaced.map((v) => (
              <tr key={v.key}>
                <th scope="row">{v.href ? <Link to={v.href}>{v.name ?? v.key}</Link> : (v.name ?? v.key)}</th>
                <td>
                  {v.value === null ? t('charts.noData') : format(v.value)}
                  {v.detail ? ` · ${v.detail}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
