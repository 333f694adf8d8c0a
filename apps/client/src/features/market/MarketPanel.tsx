/**
 * The market panel (GAME §4.1): 1-minute candles (chart loaded on demand), the depth ladder
 * (click a level to take its price), the trade tape, order entry with the fee and the exact
 * fill preview checked against my balances, and my open orders with cancel. Everything a
 * player typed is rendered as text.
 */
import { lazy, Suspense, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { formatAmount, formatResource, resourceLabel } from '../../state/profileView';
import { formatClock } from '../../state/time';
import { Button, ErrorNote, Field, FormErrors, FormRow, Loading, Section, Table, Tabs, type Column } from '../../ui/kit';
import { MARKET_INSTRUMENTS, cancelOrder, closeMarket, marketStore, openMarket, placeOrder, type Instrument, type Level, type TapeTrade } from './marketStore';
import { previewOrder } from './preview';

const CandleChart = lazy(() => import('./CandleChart'));

function Ladder({ onPrice }: { onPrice: (p: number) => void }) {
  const bids = useStore(marketStore, (s) => s.bids);
  const asks = useStore(marketStore, (s) => s.asks);
  const rows: Array<Level & { side: 'ask' | 'bid' }> = [
    ...[...asks].slice(0, 8).reverse().map((l) => ({ ...l, side: 'ask' as const })),
    ...bids.slice(0, 8).map((l) => ({ ...l, side: 'bid' as const })),
  ];
  const columns: Column<Level & { side: 'ask' | 'bid' }>[] = [
    { key: 'bid', header: 'Buying', align: 'right', cell: (l) => (l.side === 'bid' ? formatAmount(l.size) : '') },
    { key: 'price', header: 'Price', align: 'center', cell: (l) => <span className={l.side === 'bid' ? 'text-accent' : 'text-ac'}>{formatAmount(l.price)}</span> },
    { key: 'ask', header: 'Selling', align: 'left', cell: (l) => (l.side === 'ask' ? formatAmount(l.size) : '') },
  ];
  return <Table compact caption="Order book" columns={columns} rows={rows} rowKey={(l) => `${l.side}${l.price}`} onRowClick={(l) => onPrice(l.price)} empty="The book is empty: place the first order." testId="market-ladder" />;
}

function Tape() {
  const trades = useStore(marketStore, (s) => s.trades);
  const columns: Column<TapeTrade>[] = [
    { key: 'price', header: 'Price', align: 'right', cell: (t) => <span className={t.side === 'buy' ? 'text-accent' : 'text-ac'}>{formatAmount(t.price)}</span> },
    { key: 'size', header: 'Size', align: 'right', cell: (t) => formatAmount(t.size) },
    { key: 'time', header: 'Time', align: 'right', cell: (t) => formatClock(t.at) },
  ];
  return <Table compact caption="Last trades" columns={columns} rows={trades.slice(0, 12)} rowKey={(t) => t.id} empty="No trades yet." testId="market-tape" />;
}

function OrderEntry({ instrument, price, setPrice }: { instrument: Instrument; price: string; setPrice: (p: string) => void }) {
  const view = useStore(marketStore);
  const [side, setSide] = useState<'buy' | 'sell'>('buy');
  const [type, setType] = useState<'limit' | 'market'>('limit');
  const [size, setSize] = useState('');
  const p = Number(price);
  const s = Number(size);
  const sizeOk = Number.isSafeInteger(s) && s > 0 && s <= 1e12;
  const priceOk = type === 'market' || (Number.isSafeInteger(p) && p > 0 && p <= 1e12);
  const valid = sizeOk && priceOk;
  const preview = useMemo(() => (valid
    ? previewOrder({ side, type, price: type === 'limit' ? p : undefined, size: s, levels: side === 'buy' ? view.asks : view.bids, feeBps: view.feeBps })
    : null), [valid, side, type, p, s, view.asks, view.bids, view.feeBps]);
  const credits = view.balances.resistance_credits;
  const held = view.balances[instrument];
  const problems: string[] = [];
  if (size && !sizeOk) problems.push('Size: a whole number above 0.');
  if (type === 'limit' && price && !priceOk) problems.push('Price: a whole number of credits above 0.');
  if (preview && side === 'buy' && credits !== undefined && BigInt(credits) < preview.required) {
    problems.push(`This buy needs up to ${formatResource(preview.required, 'resistance_credits')}; you hold ${formatResource(credits, 'resistance_credits')}.`);
  }
  if (valid && side === 'sell' && held !== undefined && BigInt(held) < BigInt(s)) {
    problems.push(`You hold only ${formatResource(held, instrument)}.`);
  }
  if (valid && type === 'market' && preview && preview.filled === 0n) problems.push('Nobody is on the other side: a market order would not trade.');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid || problems.length) return;
    placeOrder({ side, type, size: s, price: type === 'limit' ? p : undefined });
  };
  return (
    <form className="kit-form" onSubmit={submit} data-testid="market-entry">
      <Tabs label="Side" value={side} onChange={setSide} tabs={[{ id: 'buy', label: `Buy ${resourceLabel(instrument)}` }, { id: 'sell', label: `Sell ${resourceLabel(instrument)}` }]} />
      <FormRow>
        <Field label="Order">
          <select value={type} onChange={(e) => setType(e.target.value as 'limit' | 'market')}>
            <option value="limit">Limit (at my price or better)</option>
            <option value="market">Market (at the best prices now)</option>
          </select>
        </Field>
        {type === 'limit' ? (
          <Field label="Price (credits each)"><input inputMode="numeric" value={price} onChange={(e) => setPrice(e.target.value)} /></Field>
        ) : null}
        <Field label={`Size (${resourceLabel(instrument)})`}><input inputMode="numeric" value={size} onChange={(e) => setSize(e.target.value)} /></Field>
      </FormRow>
      <div className="muted small">
        You hold {credits !== undefined ? formatResource(credits, 'resistance_credits') : '…'} and {held !== undefined ? formatResource(held, instrument) : '…'}.
      </div>
      {preview ? (
        <div className="quote" data-testid="market-preview">
          {preview.filled > 0n
            ? <>Trades {formatAmount(preview.filled.toString())} now for {formatResource(preview.notional, 'resistance_credits')}{preview.averagePrice !== null ? ` (avg ${preview.averagePrice.toFixed(2)})` : ''}, fee {formatResource(preview.fee, 'resistance_credits')}</>
            : 'Nothing trades at once'}
          {preview.resting > 0n ? `; ${formatAmount(preview.resting.toString())} wait on the book` : ''}.
        </div>
      ) : null}
      <FormErrors messages={problems} />
      {view.notice ? <div className={view.notice.kind === 'error' ? 'text-danger small' : 'muted small'} role="status">{view.notice.text}</div> : null}
      <div><Button type="submit" variant="primary" disabled={!valid || problems.length > 0}>{side === 'buy' ? 'Place buy order' : 'Place sell order'}</Button></div>
    </form>
  );
}

function MyOrders({ instrument }: { instrument: Instrument }) {
  const orders = useStore(marketStore, (s) => s.myOrders);
  return (
    <Table compact caption="My open orders" rows={orders} rowKey={(o) => o.orderId} empty="You have no open orders." testId="market-my-orders"
      columns={[
        { key: 'side', header: 'Side', cell: (o) => (o.side === 'buy' ? 'Buy' : 'Sell') },
        { key: 'price', header: 'Price', align: 'right', cell: (o) => formatAmount(o.price) },
        { key: 'left', header: `Left (${resourceLabel(instrument)})`, align: 'right', cell: (o) => `${formatAmount(o.remaining)} / ${formatAmount(o.size)}` },
        { key: 'x', header: '', align: 'right', cell: (o) => <Button size="sm" variant="ghost" onClick={() => cancelOrder(o.orderId)}>Cancel</Button> },
      ]} />
  );
}

export function MarketPanel({ token }: { token: string }) {
  const [instrument, setInstrument] = useState<Instrument>(marketStore.getState().instrument);
  const [price, setPrice] = useState('');
  const status = useStore(marketStore, (s) => s.status);
  const notice = useStore(marketStore, (s) => s.notice);
  const history = useStore(marketStore, (s) => s.history);
  const candle = useStore(marketStore, (s) => s.candle);
  const lastPrice = useStore(marketStore, (s) => s.lastPrice);
  const referencePrice = useStore(marketStore, (s) => s.referencePrice);
  const feeBps = useStore(marketStore, (s) => s.feeBps);

  useEffect(() => {
    void openMarket(token, instrument);
    return () => void closeMarket();
  }, [token, instrument]);

  return (
    <div className="market-panel" data-testid="market-panel">
      <Tabs label="Instrument" value={instrument} onChange={setInstrument} testId="market-instrument"
        tabs={MARKET_INSTRUMENTS.map((i) => ({ id: i, label: resourceLabel(i) }))} />
      {status === 'error' ? <ErrorNote error={{ code: 'INTERNAL', message: notice?.text ?? '' }} onRetry={() => void openMarket(token, instrument)} /> : null}
      {status === 'connecting' || status === 'idle' ? <Loading label="Opening the order book…" /> : null}
      {status === 'live' ? (
        <>
          <div className="stat-row">
            <span>Last <strong className="num">{lastPrice ? formatAmount(lastPrice) : '—'}</strong></span>
            <span>Reference <strong className="num">{referencePrice ? formatAmount(Math.round(referencePrice)) : '—'}</strong></span>
            <span className="muted">Taker fee {(feeBps / 100).toFixed(2)} %</span>
          </div>
          <Suspense fallback={<div className="market-chart"><Loading label="Loading the chart…" /></div>}>
            <CandleChart history={history} live={candle} />
          </Suspense>
          <div className="two-columns">
            <Section title="Order book"><Ladder onPrice={(p) => setPrice(String(p))} /></Section>
            <Section title="Trades"><Tape /></Section>
          </div>
          <Section title="New order"><OrderEntry instrument={instrument} price={price} setPrice={setPrice} /></Section>
          <Section title="My orders"><MyOrders instrument={instrument} /></Section>
        </>
      ) : null}
    </div>
  );
}
