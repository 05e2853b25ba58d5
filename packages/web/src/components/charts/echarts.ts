/**
 * The part of ECharts the portal draws with, registered once. Imported only through `import('./echarts')` from
 * {@link Chart}, so ECharts is its own chunk, fetched the first time a chart is on screen — never on first load.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

export { echarts };
