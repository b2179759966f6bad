/** One ECharts instance in a div: created on mount, resized with its box, disposed on unmount. */
import { useEffect, useEffectEvent, useRef } from 'react';
import { echarts, THEME_NAME, type ChartOption } from '../lib/echarts.ts';

/** What ECharts hands a click handler: a data item (componentType 'series') or, with triggerEvent, an axis label. */
export type ChartClick = { componentType: string; name: string; value: unknown; dataIndex: number; seriesIndex?: number; data: unknown };

type Props = {
  option: ChartOption;
  height: number;
  /** Charts with many categories keep a minimum width and scroll sideways on a phone instead of squeezing. */
  minWidth?: number;
  onClick?: (event: ChartClick) => void;
  testId?: string;
  ariaLabel: string;
};

export function EChart({ option, height, minWidth, onClick, testId, ariaLabel }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useEffectEvent((params: unknown) => onClick?.(params as ChartClick));

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, THEME_NAME, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => click(params));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // notMerge: a new option replaces the old one whole (a drill-down has other categories, not more of them).
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div style={{ overflowX: minWidth ? 'auto' : undefined }}>
      <div
        ref={box}
        role="img"
        aria-label={ariaLabel}
        data-testid={testId}
        data-chart="echarts"
        style={{ height, width: '100%', minWidth, cursor: onClick ? 'pointer' : undefined }}
      />
    </div>
  );
}
