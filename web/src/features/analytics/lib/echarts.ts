/**
 * ECharts, tree-shaken: only the chart types and components the analytics pages draw, registered once. This file
 * is imported only from the analytics chunks, so the first page load never pays for it.
 * SVG renderer: crisp at any zoom, text stays selectable and the browser tests can read the labels.
 */
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkPointComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

echarts.use([BarChart, LineChart, HeatmapChart, PieChart, GridComponent, LegendComponent, MarkPointComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | HeatmapSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | VisualMapComponentOption
>;

/** The app's primary colour first, then colours that stay apart from it and from each other in print and for the colour-blind. */
export const PALETTE = ['#b8322a', '#2f6f9f', '#d48a1f', '#3f8f5a', '#7a5aa6', '#8c8c8c', '#c76a8a', '#4aa3a3'];

export const THEME_NAME = 'guanxi';
echarts.registerTheme(THEME_NAME, {
  color: PALETTE,
  backgroundColor: 'transparent',
  textStyle: {
    fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'PingFang TC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', Roboto, Arial, sans-serif",
  },
  categoryAxis: { axisLine: { lineStyle: { color: '#d9d9d9' } }, axisTick: { show: false }, axisLabel: { color: '#595959' } },
  valueAxis: { axisLine: { show: false }, splitLine: { lineStyle: { color: '#f0f0f0' } }, axisLabel: { color: '#8c8c8c' } },
});

/** Heat maps: white to the primary colour, so the darkest cell is where the value is. */
export const HEAT_COLORS = ['#fbefee', '#e8a49e', '#b8322a'];

/**
 * Tooltips are HTML: anything that came from users (region, category, channel names…) goes through this before it
 * is put into a formatter's string.
 */
export const escapeHtml = (text: string): string => echarts.format.encodeHTML(text);

export { echarts };
