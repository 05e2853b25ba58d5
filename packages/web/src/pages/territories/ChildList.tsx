import type { Territory } from '@aikom/sdk';
import { Link } from 'react-router';
import { useT } from '../../i18n/I18nProvider';

/** The level of a unit's children: cities with special status and cities have city districts (level 5). */
export function childLevel(unit: Pick<Territory, 'level' | 'category'>): 2 | 3 | 4 | 5 {
  if (unit.category === 'K' || unit.level >= 4) return 5;
  return (unit.level + 1) as 2 | 3 | 4;
}

/** Units under one parent, each a link one level down, with how many units it has and whether it is listed. */
export function ChildList({ items, labelledBy }: { items: readonly Territory[]; labelledBy: string }) {
  const t = useT();
  return (
    <ul className="unit-list" aria-labelledby={labelledBy}>
      {items.map((unit) => (
        <li key={unit.code} className="unit-list__item">
          <Link to={`/territories/${unit.code}`} className="unit-list__link">
            {unit.displayName}
          </Link>
          {unit.childCount > 0 && (
            <span className="unit-list__count">{t(`terr.count.${childLevel(unit)}`, { count: unit.childCount })}</span>
          )}
          {unit.listed && (
            <span className="badge badge--listed" title={t('terr.listedBadgeLong')}>
              {t('terr.listedBadge')}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
