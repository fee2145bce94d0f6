import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the chart types the dashboard draws, to keep the bundle small.
echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/** One ECharts chart; `empty` replaces it with a sentence saying why there is nothing to draw. */
export function Chart(props: {
  title: string;
  option: ChartOption;
  empty?: string | null;
  dark: boolean;
  testId?: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!container.current) return undefined;
    const instance = echarts.init(container.current, props.dark ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(container.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [props.dark]);

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', ...props.option }, true);
  }, [props.option, props.dark]);

  return (
    <section className="panel" data-testid={props.testId}>
      <h2>{props.title}</h2>
      <div className="chart-body">
        <div ref={container} className="chart" style={{ visibility: props.empty ? 'hidden' : 'visible' }} />
        {props.empty ? <p className="empty">{props.empty}</p> : null}
      </div>
    </section>
  );
}
