/**
 * The exchange: instant swaps against the liquidity pools with the exact quote and fee (rules'
 * quoteSwap in bigint, the number the server pays) checked against the player's balance, the
 * auction house with live top bids and countdowns, and — for GMs — opening a system auction.
 * Names are rendered as text.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import type { SwapDirection } from '@datavism/rules';
import { formatAmount, formatResource, resourceLabel } from '../../state/profileView';
import { useSession } from '../../ui/hooks';
import {
  Badge, Button, Countdown, Empty, ErrorNote, Field, FormErrors, FormRow, Loading, Section, Tabs,
} from '../../ui/kit';
import {
  canAfford, connectExchange, createAuction, exchangeStore, nextMinimumBid, parseAmount, previewSwap, sendBid, sendSwap,
  type AuctionRow,
} from './exchangeStore';

function SwapForm() {
  const pools = useStore(exchangeStore, (s) => s.pools);
  const feeBps = useStore(exchangeStore, (s) => s.feeBps);
  const balances = useSession((s) => s.profile?.balances ?? {});
  const [resource, setResource] = useState('cpu_cycles');
  const [direction, setDirection] = useState<SwapDirection>('buy');
  const [amountText, setAmountText] = useState('1000');
  const pool = pools.find((p) => p.resource === resource);
  const amountIn = parseAmount(amountText);
  const payWith = direction === 'buy' ? 'resistance_credits' : resource;
  const receive = direction === 'buy' ? resource : 'resistance_credits';
  const have = balances[payWith] ?? '0';
  let preview: { amountOut: bigint; fee: bigint } | null = null;
  const problems: string[] = [];
  if (amountText.trim() !== '' && amountIn === null) problems.push('Enter a whole amount.');
  if (pool && amountIn !== null && amountIn > 0n) {
    try {
      preview = previewSwap(pool, direction, amountIn, feeBps);
    } catch {
      problems.push('The pool cannot quote that amount.');
    }
    if (!canAfford(have, amountIn)) problems.push(`You hold only ${formatResource(have, payWith)}.`);
    if (preview && preview.amountOut === 0n) problems.push('That is too little to receive anything: swap more.');
  }
  const ok = preview !== null && preview.amountOut > 0n && problems.length === 0 && amountIn !== null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ok && preview && amountIn !== null) sendSwap(resource, direction, amountIn, preview.amountOut);
  };
  if (pools.length === 0) return <Loading label="Loading the pools…" />;
  return (
    <form className="kit-form" data-testid="swap-form" onSubmit={submit}>
      <FormRow>
        <Field label="Pool">
          <select value={resource} onChange={(e) => setResource(e.target.value)}>
            {pools.map((p) => <option key={p.resource} value={p.resource}>{resourceLabel(p.resource)}</option>)}
          </select>
        </Field>
        <Field label="I want to">
          <select value={direction} onChange={(e) => setDirection(e.target.value as SwapDirection)}>
            <option value="buy">buy {resourceLabel(resource)}</option>
            <option value="sell">sell {resourceLabel(resource)}</option>
          </select>
        </Field>
        <Field label={`Pay (${resourceLabel(payWith)})`} hint={`You hold ${formatResource(have, payWith)}`}>
          <input value={amountText} inputMode="numeric" onChange={(e) => setAmountText(e.target.value)} data-testid="swap-amount" />
        </Field>
      </FormRow>
      {pool ? <div className="muted small">Pool reserves: {formatResource(pool.reserveResource, resource)} and {formatResource(pool.reserveCredits, 'resistance_credits')}</div> : null}
      {preview && preview.amountOut > 0n ? (
        <div className="quote" data-testid="swap-quote">
          You receive exactly <strong>{formatResource(preview.amountOut, receive)}</strong>; fee {formatResource(preview.fee, payWith)} ({(feeBps / 100).toFixed(2)} %) to the community treasury.
        </div>
      ) : null}
      <FormErrors messages={problems} testId="swap-problems" />
      <div><Button type="submit" variant="primary" disabled={!ok}>Swap</Button></div>
    </form>
  );
}

function AuctionItem({ a }: { a: AuctionRow }) {
  const min = nextMinimumBid(a);
  const credits = useSession((s) => s.profile?.balances.resistance_credits ?? '0');
  const [bidText, setBidText] = useState('');
  const bid = parseAmount(bidText);
  const open = a.status === 'open' && a.endsAt > Date.now();
  const error = bidText === '' ? null : bid === null ? 'A whole number of credits.'
    : bid < min ? `At least ${formatAmount(min.toString())}.` : !canAfford(credits, bid) ? `You hold only ${formatAmount(credits)} credits.` : null;
  return (
    <li data-testid={`auction-${a.id}`} className="card">
      <div className="card-head">
        <strong>{a.itemName}</strong>
        <Badge tone={open ? 'accent' : 'neutral'}>{open ? 'Open' : a.status === 'settled' ? 'Ended' : 'Settling'}</Badge>
      </div>
      <div className="muted small">
        {a.itemKind === 'resource' ? formatResource(a.itemAmount, a.itemResource) : a.itemKind === 'cosmetic_set' ? 'Cosmetic set' : 'Title'}
        {a.sellerName ? ` · sold by ${a.sellerName}` : ' · from the network'}
      </div>
      <div>
        {a.topBid === null ? `Reserve ${formatAmount(a.reservePrice.toString())} credits` : <>Top bid <strong>{formatAmount(a.topBid.toString())}</strong> credits by {a.topBidderName}</>}
        {' · '}{a.bidCount} bid{a.bidCount === 1 ? '' : 's'}
      </div>
      <div className="card-foot">
        {open ? <span>Ends <Countdown to={a.endsAt} /></span> : <span>{a.topBid === null ? 'Ended unsold' : `Won by ${a.topBidderName}`}</span>}
      </div>
      {open ? (
        <form className="kit-form-row align-end" onSubmit={(e) => { e.preventDefault(); if (bid !== null && !error) sendBid(a.id, bid); }}>
          <Field label="Your bid (credits)" error={error} hint={`Minimum ${formatAmount(min.toString())}; a bid in the last minute extends the auction.`}>
            <input placeholder={min.toString()} value={bidText} inputMode="numeric" onChange={(e) => setBidText(e.target.value)} />
          </Field>
          <Button type="submit" variant="primary" disabled={bid === null || error !== null}>Bid</Button>
        </form>
      ) : null}
    </li>
  );
}

function CreateAuctionForm({ token }: { token: string }) {
  const [itemKind, setItemKind] = useState<'title' | 'cosmetic_set' | 'resource'>('resource');
  const [itemName, setItemName] = useState('');
  const [itemResource, setItemResource] = useState('liberation_keys');
  const [itemAmount, setItemAmount] = useState('10');
  const [reserve, setReserve] = useState('100');
  const [hours, setHours] = useState('24');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await createAuction(token, {
        itemKind, itemName: itemName.trim(), reservePrice: reserve.trim(), durationSeconds: Math.round(Number(hours) * 3600),
        ...(itemKind === 'resource' ? { itemResource, itemAmount: itemAmount.trim() } : {}),
      });
      setItemName('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const hoursOk = Number(hours) > 0 && Number(hours) <= 720;
  return (
    <form className="kit-form" onSubmit={(e) => void submit(e)} data-testid="auction-create">
      <FormRow>
        <Field label="Item">
          <select value={itemKind} onChange={(e) => setItemKind(e.target.value as typeof itemKind)}>
            <option value="resource">Resources in bulk</option>
            <option value="title">A title</option>
            <option value="cosmetic_set">A cosmetic set</option>
          </select>
        </Field>
        <Field label="Name shown to bidders">
          <input value={itemName} maxLength={80} onChange={(e) => setItemName(e.target.value)} />
        </Field>
      </FormRow>
      {itemKind === 'resource' ? (
        <FormRow>
          <Field label="Resource">
            <select value={itemResource} onChange={(e) => setItemResource(e.target.value)}>
              {['liberation_keys', 'cpu_cycles', 'data_credits'].map((r) => <option key={r} value={r}>{resourceLabel(r)}</option>)}
            </select>
          </Field>
          <Field label="Amount"><input inputMode="numeric" value={itemAmount} onChange={(e) => setItemAmount(e.target.value)} /></Field>
        </FormRow>
      ) : null}
      <FormRow>
        <Field label="Reserve (credits)"><input inputMode="numeric" value={reserve} onChange={(e) => setReserve(e.target.value)} /></Field>
        <Field label="Runs for (hours of game time)" error={hours && !hoursOk ? 'Between 1 minute and 30 days.' : null}>
          <input type="number" min={0.02} max={720} step="any" value={hours} onChange={(e) => setHours(e.target.value)} />
        </Field>
      </FormRow>
      <FormErrors error={error} />
      <div><Button type="submit" variant="primary" busy={busy} disabled={itemName.trim() === '' || !hoursOk}>Open the auction</Button></div>
    </form>
  );
}

export function ExchangePanel({ token }: { token: string }) {
  useEffect(() => void connectExchange(token), [token]);
  const status = useStore(exchangeStore, (s) => s.status);
  const auctions = useStore(exchangeStore, (s) => s.auctions);
  const lastError = useStore(exchangeStore, (s) => s.lastError);
  const role = useSession((s) => s.profile?.role ?? 'player');
  const [tab, setTab] = useState<'swap' | 'auctions' | 'create'>('swap');
  const isGm = role === 'gm' || role === 'admin';
  if (status === 'error') return <ErrorNote error={lastError} onRetry={() => void connectExchange(token)} />;
  if (status !== 'connected') return <Loading label="Reaching the exchange…" />;
  const open = auctions.filter((a) => a.status === 'open').length;
  return (
    <div className="exchange-panel" data-testid="exchange-panel">
      <Tabs label="Exchange" value={tab} onChange={setTab} testId="exchange-tabs"
        tabs={[
          { id: 'swap', label: 'Instant swap' },
          { id: 'auctions', label: 'Auctions', badge: open || undefined },
          ...(isGm ? [{ id: 'create' as const, label: 'New auction' }] : []),
        ]} />
      {tab === 'swap' ? <SwapForm /> : null}
      {tab === 'auctions' ? (
        <Section>
          {auctions.length === 0 ? <Empty>No auctions are running. Rare titles, cosmetic sets and liberation keys in bulk come up here.</Empty> : (
            <ul className="plain-list">{auctions.map((a) => <AuctionItem key={a.id} a={a} />)}</ul>
          )}
        </Section>
      ) : null}
      {tab === 'create' && isGm ? <CreateAuctionForm token={token} /> : null}
    </div>
  );
}
