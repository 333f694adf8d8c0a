/**
 * 1-minute candles with lightweight-charts (loaded on demand with the market panel): history
 * once, then the live candle updated in place. The chart sizes itself to its box (autoSize),
 * keeps a fixed bar width so one or two candles draw as candles rather than a stretched line,
 * and shows local times on its time axis.
 */
import { useEffect, useRef } from 'react';
import { CandlestickSeries, ColorType, createChart, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import type { CandleBar } from './marketStore';

const UP = '#22e0b8';
const DOWN = '#ff3354';

export default function CandleChart({ history, live }: { history: CandleBar[]; live: CandleBar | null }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<'Candlestick'> | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const c = createChart(box.current, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: '#070b12' }, textColor: '#8b9bb0', fontSize: 11 },
      grid: { vertLines: { color: '#121b27' }, horzLines: { color: '#121b27' } },
      rightPriceScale: { borderColor: '#233142', scaleMargins: { top: 0.25, bottom: 0.2 } },
      timeScale: {
        borderColor: '#233142', timeVisible: true, secondsVisible: false,
        barSpacing: 16, minBarSpacing: 4, rightOffset: 4, fixLeftEdge: false, lockVisibleTimeRangeOnResize: true,
      },
      localization: {
        timeFormatter: (t: number) => new Date(t * 1000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
      },
      crosshair: { mode: 0 },
    });
    chart.current = c;
    series.current = c.addSeries(CandlestickSeries, {
      upColor: UP, downColor: DOWN, borderUpColor: UP, borderDownColor: DOWN, wickUpColor: UP, wickDownColor: DOWN,
      priceFormat: { type: 'price', precision: 0, minMove: 1 },
    });
    return () => {
      c.remove();
      chart.current = null;
      series.current = null;
    };
  }, []);

  useEffect(() => {
    const bars = new Map<number, CandleBar>();
    for (const b of history) bars.set(b.start, b);
    if (live) bars.set(live.start, live);
    const data = [...bars.values()].sort((a, b) => a.start - b.start).map(toBar);
    series.current?.setData(data);
    // Few candles: keep the bar width and show them at the right instead of stretching.
    if (data.length > 0 && data.length < 40) chart.current?.timeScale().scrollToRealTime();
    else chart.current?.timeScale().fitContent();
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

  return (
    <div className="market-chart-box">
      <div ref={box} className="market-chart" data-testid="market-chart" />
      {history.length === 0 && !(live && live.volume > 0) ? <div className="market-chart-empty muted small">No trades yet: the first one draws the first candle.</div> : null}
    </div>
  );
}

function toBar(b: CandleBar) {
  return { time: Math.floor(b.start / 1000) as UTCTimestamp, open: b.open, high: b.high, low: b.low, close: b.close };
}
