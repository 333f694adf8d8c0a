import { useEffect, useRef } from 'react';
import { CandlestickSeries, createChart, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import type { CandleBar } from './marketStore';

/** 1-minute candles with lightweight-charts: history once, then the live candle updated in place. */
export function CandleChart({ history, live }: { history: CandleBar[]; live: CandleBar | null }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<'Candlestick'> | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const c = createChart(box.current, {
      height: 180, layout: { background: { color: '#0b0f14' }, textColor: '#9fb3c8' },
      grid: { vertLines: { color: '#1b2530' }, horzLines: { color: '#1b2530' } },
      timeScale: { timeVisible: true, secondsVisible: false },
    });
    chart.current = c;
    series.current = c.addSeries(CandlestickSeries, {});
    const resize = () => box.current && c.applyOptions({ width: box.current.clientWidth });
    resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.remove();
      chart.current = null;
      series.current = null;
    };
  }, []);

  useEffect(() => {
    const bars = new Map<number, CandleBar>();
    for (const b of history) bars.set(b.start, b);
    if (live) bars.set(live.start, live);
    series.current?.setData([...bars.values()].sort((a, b) => a.start - b.start).map(toBar));
  }, [history]);

  useEffect(() => {
    if (live && series.current) {
      try {
        series.current.update(toBar(live));
      } catch {
        // an update older than the last bar (a replayed state) is ignored
      }
    }
  }, [live]);

  return <div ref={box} className="market-chart" />;
}

function toBar(b: CandleBar) {
  return { time: Math.floor(b.start / 1000) as UTCTimestamp, open: b.open, high: b.high, low: b.low, close: b.close };
}
