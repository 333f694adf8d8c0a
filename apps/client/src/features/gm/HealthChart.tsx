/**
 * The community-health history as lines (lightweight-charts, loaded with the health tab): the
 * score and each weekly input, one point per day, 0..1.
 */
import { useEffect, useRef } from 'react';
import { ColorType, LineSeries, createChart, type IChartApi, type ISeriesApi, type Time } from 'lightweight-charts';
import type { HealthDayDto } from '@datavism/shared-schema';

export const HEALTH_SERIES = [
  { key: 'score', label: 'Score', color: '#f4f8fb', width: 3 },
  { key: 'growth', label: 'Growth', color: '#4cb8ff', width: 2 },
  { key: 'retention', label: 'Retention', color: '#22e0b8', width: 2 },
  { key: 'engagement', label: 'Engagement', color: '#3ddc84', width: 2 },
  { key: 'toxicity', label: 'Toxicity', color: '#ff3354', width: 2 },
  { key: 'collaboration', label: 'Collaboration', color: '#ffb224', width: 2 },
  { key: 'diversity', label: 'Diversity', color: '#b48cff', width: 2 },
  { key: 'squadParticipation', label: 'Squad participation', color: '#8b9bb0', width: 2 },
] as const;
export type HealthKey = (typeof HEALTH_SERIES)[number]['key'];

export default function HealthChart({ days, visible }: { days: HealthDayDto[]; visible: ReadonlySet<HealthKey> }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef(new Map<HealthKey, ISeriesApi<'Line'>>());

  useEffect(() => {
    if (!box.current) return;
    const c = createChart(box.current, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: '#070b12' }, textColor: '#8b9bb0', fontSize: 11 },
      grid: { vertLines: { color: '#121b27' }, horzLines: { color: '#121b27' } },
      rightPriceScale: { borderColor: '#233142' },
      timeScale: { borderColor: '#233142' },
      crosshair: { mode: 0 },
    });
    chart.current = c;
    for (const s of HEALTH_SERIES) {
      series.current.set(s.key, c.addSeries(LineSeries, {
        color: s.color, lineWidth: s.width, title: s.label, priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
        lastValueVisible: false, priceLineVisible: false,
      }));
    }
    return () => {
      c.remove();
      chart.current = null;
      series.current.clear();
    };
  }, []);

  useEffect(() => {
    for (const s of HEALTH_SERIES) {
      series.current.get(s.key)?.setData(days.map((d) => ({ time: d.day as Time, value: d[s.key] })));
    }
    chart.current?.timeScale().fitContent();
  }, [days]);

  useEffect(() => {
    for (const s of HEALTH_SERIES) series.current.get(s.key)?.applyOptions({ visible: visible.has(s.key) });
  }, [visible]);

  return <div ref={box} className="gmc-chart" data-testid="health-chart" />;
}
