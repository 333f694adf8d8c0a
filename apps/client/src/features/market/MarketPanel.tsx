import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { CandleChart } from './CandleChart';
import { MARKET_INSTRUMENTS, cancelOrder, closeMarket, marketStore, openMarket, placeOrder, type Instrument } from './marketStore';
import { previewOrder } from './preview';
import './market.css';

/**
 * The market panel (GAME §4.1): depth ladder, trade tape, 1-minute candles, order entry with the
 * fee and the exact fill preview, my open orders with cancel, live balances. Everything a player
 * typed is rendered as text.
 */
export function MarketPanel({ token }: { token: string }) {
  const view = useStore(marketStore);
  const [instrument, setInstrument] = useState<Instrument>(view.instrument);
  const [side, setSide] = useState<'buy' | 'sell'>('buy');
  const [type, setType] = useState<'limit' | 'market'>('limit');
  const [price, setPrice] = useState('');
  const [size, setSize] = useState('');

  useEffect(() => {
    void openMarket(token, instrument);
    return () => void closeMarket();
  }, [token, instrument]);

  const p = Number(price);
  const s = Number(size);
  const valid = Number.isSafeInteger(s) && s > 0 && s <= 1e12 && (type === 'market' || (Number.isSafeInteger(p) && p > 0 && p <= 1e12));
  const preview = useMemo(() => (valid
    ? previewOrder({ side, type, price: type === 'limit' ? p : undefined, size: s, levels: side === 'buy' ? view.asks : view.bids, feeBps: view.feeBps })
    : null), [valid, side, type, p, s, view.asks, view.bids, view.feeBps]);

  const submit = () => {
    if (!valid) return;
    placeOrder({ side, type, size: s, price: type === 'limit' ? p : undefined });
  };

  return (
    <div className="market-panel">
      <div className="market-row">
        <select value={instrument} onChange={(e) => setInstrument(e.target.value as Instrument)} aria-label="instrument">
          {MARKET_INSTRUMENTS.map((i) => <option key={i} value={i}>{i} / resistance_credits</option>)}
        </select>
        <span className="market-muted">{view.status}</span>
      </div>
      <div className="market-row market-muted">
        <span>last {view.lastPrice || '—'}</span>
        <span>reference {view.referencePrice || '—'}</span>
        <span>taker fee {(view.feeBps / 100).toFixed(2)} %</span>
      </div>
      <div className="market-row">
        <span>credits {view.balances.resistance_credits ?? '…'}</span>
        <span>{instrument} {view.balances[instrument] ?? '…'}</span>
      </div>
      <CandleChart history={view.history} live={view.candle} />
      <div className="market-columns">
        <table className="market-ladder">
          <thead><tr><th>bid size</th><th>price</th><th>ask size</th></tr></thead>
          <tbody>
            {[...view.asks].reverse().map((l) => (
              <tr key={`a${l.price}`} className="ask" onClick={() => setPrice(String(l.price))}><td /><td>{l.price}</td><td>{l.size}</td></tr>
            ))}
            {view.bids.map((l) => (
              <tr key={`b${l.price}`} className="bid" onClick={() => setPrice(String(l.price))}><td>{l.size}</td><td>{l.price}</td><td /></tr>
            ))}
          </tbody>
        </table>
        <table className="market-tape">
          <thead><tr><th>price</th><th>size</th><th>time</th></tr></thead>
          <tbody>
            {view.trades.slice(0, 20).map((t) => (
              <tr key={t.id} className={t.side === 'buy' ? 'bid' : 'ask'}>
                <td>{t.price}</td><td>{t.size}</td><td>{new Date(t.at).toLocaleTimeString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="market-entry">
        <select value={side} onChange={(e) => setSide(e.target.value as 'buy' | 'sell')} aria-label="side">
          <option value="buy">buy</option><option value="sell">sell</option>
        </select>
        <select value={type} onChange={(e) => setType(e.target.value as 'limit' | 'market')} aria-label="order type">
          <option value="limit">limit</option><option value="market">market</option>
        </select>
        {type === 'limit' && <input inputMode="numeric" placeholder="price" value={price} onChange={(e) => setPrice(e.target.value)} aria-label="price" />}
        <input inputMode="numeric" placeholder="size" value={size} onChange={(e) => setSize(e.target.value)} aria-label="size" />
        <button type="button" disabled={!valid} onClick={submit}>{side}</button>
      </div>
      {preview && (
        <div className="market-preview market-muted">
          fills {preview.filled.toString()} now for {preview.notional.toString()} credits
          {preview.averagePrice !== null && ` (avg ${preview.averagePrice.toFixed(2)})`}, fee {preview.fee.toString()}
          {preview.resting > 0n && `, ${preview.resting.toString()} rests`}
          {side === 'buy' && `; needs ${preview.required.toString()} credits`}
        </div>
      )}
      {view.notice && <div className={view.notice.kind === 'error' ? 'market-error' : 'market-muted'}>{view.notice.text}</div>}
      <table className="market-orders">
        <thead><tr><th>side</th><th>price</th><th>left</th><th /></tr></thead>
        <tbody>
          {view.myOrders.map((o) => (
            <tr key={o.orderId}>
              <td>{o.side}</td><td>{o.price}</td><td>{o.remaining}/{o.size}</td>
              <td><button type="button" onClick={() => cancelOrder(o.orderId)}>cancel</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
