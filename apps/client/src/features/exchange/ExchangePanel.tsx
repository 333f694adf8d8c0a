/**
 * Swap form with the exact quote and fee (rules' quoteSwap, computed in bigint before sending),
 * and the auction house with live top bids and countdowns. Text only: names are rendered as text.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { SwapDirection } from '@datavism/rules';
import { formatCountdown } from '../../state/profileView';
import {
  connectExchange, exchangeStore, nextMinimumBid, parseAmount, previewSwap, sendBid, sendSwap, type AuctionRow,
} from './exchangeStore';
import { useNow } from '../../ui/hooks';

function SwapForm() {
  const pools = useStore(exchangeStore, (s) => s.pools);
  const feeBps = useStore(exchangeStore, (s) => s.feeBps);
  const [resource, setResource] = useState('cpu_cycles');
  const [direction, setDirection] = useState<SwapDirection>('buy');
  const [amountText, setAmountText] = useState('1000');
  const pool = pools.find((p) => p.resource === resource);
  const amountIn = parseAmount(amountText);
  let preview: { amountOut: bigint; fee: bigint } | null = null;
  let problem: string | null = amountIn === null ? 'Enter a whole amount' : null;
  if (pool && amountIn !== null && amountIn > 0n) {
    try {
      preview = previewSwap(pool, direction, amountIn, feeBps);
    } catch (err) {
      problem = (err as Error).message;
    }
  }
  const payWith = direction === 'buy' ? 'resistance_credits' : resource;
  const receive = direction === 'buy' ? resource : 'resistance_credits';
  return (
    <form className="swap-form" data-testid="swap-form" onSubmit={(e) => {
      e.preventDefault();
      if (preview && amountIn !== null && preview.amountOut > 0n) sendSwap(resource, direction, amountIn, preview.amountOut);
    }}>
      <h4>Instant swap</h4>
      <label>Pool <select value={resource} onChange={(e) => setResource(e.target.value)}>
        {pools.map((p) => <option key={p.resource} value={p.resource}>{p.resource}</option>)}
      </select></label>
      <label>Side <select value={direction} onChange={(e) => setDirection(e.target.value as SwapDirection)}>
        <option value="buy">buy {resource}</option>
        <option value="sell">sell {resource}</option>
      </select></label>
      <label>Pay ({payWith}) <input value={amountText} inputMode="numeric" onChange={(e) => setAmountText(e.target.value)} /></label>
      {pool ? <div className="pool-reserves">Reserves: {pool.reserveResource.toString()} {resource} / {pool.reserveCredits.toString()} credits</div> : null}
      {preview ? (
        <div data-testid="swap-quote">
          You receive exactly {preview.amountOut.toString()} {receive}; fee {preview.fee.toString()} {payWith} ({(feeBps / 100).toFixed(2)} %) to the community treasury
        </div>
      ) : null}
      {problem ? <div className="form-error">{problem}</div> : null}
      <button type="submit" disabled={!preview || preview.amountOut === 0n}>Swap</button>
    </form>
  );
}

function AuctionItem({ a, now }: { a: AuctionRow; now: number }) {
  const min = nextMinimumBid(a);
  const [bidText, setBidText] = useState('');
  const bid = parseAmount(bidText);
  const open = a.status === 'open' && now < a.endsAt;
  return (
    <li data-testid={`auction-${a.id}`} className={`auction auction-${a.status}`}>
      <div><strong>{a.itemName}</strong>{a.itemKind === 'resource' ? ` (${a.itemAmount} ${a.itemResource})` : ` [${a.itemKind}]`}{a.sellerName ? ` by ${a.sellerName}` : ''}</div>
      <div>
        {a.topBid === null ? `Reserve ${a.reservePrice.toString()}` : `Top bid ${a.topBid.toString()} by ${a.topBidderName}`} · {a.bidCount} bids
      </div>
      <div>{open ? `Ends in ${formatCountdown(a.endsAt - now)}` : a.status === 'settled' ? (a.topBid === null ? 'Ended unsold' : `Won by ${a.topBidderName}`) : 'Settling…'}</div>
      {open ? (
        <form onSubmit={(e) => {
          e.preventDefault();
          if (bid !== null) sendBid(a.id, bid);
        }}>
          <input placeholder={`≥ ${min.toString()}`} value={bidText} inputMode="numeric" onChange={(e) => setBidText(e.target.value)} />
          <button type="submit" disabled={bid === null || bid < min}>Bid</button>
        </form>
      ) : null}
    </li>
  );
}

export function ExchangePanel({ token }: { token: string }) {
  useEffect(() => void connectExchange(token), [token]);
  const status = useStore(exchangeStore, (s) => s.status);
  const auctions = useStore(exchangeStore, (s) => s.auctions);
  const lastError = useStore(exchangeStore, (s) => s.lastError);
  const now = useNow(250);
  return (
    <div className="exchange-panel" data-testid="exchange-panel">
      {status !== 'connected' ? <div>Auction house: {status}</div> : null}
      {lastError ? <div className="form-error">{lastError}</div> : null}
      <SwapForm />
      <h4>Auction house</h4>
      {auctions.length === 0 ? <div>No auctions running.</div> : null}
      <ul className="auctions">{auctions.map((a) => <AuctionItem key={a.id} a={a} now={now} />)}</ul>
    </div>
  );
}
