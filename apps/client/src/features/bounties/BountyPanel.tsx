/**
 * The bounty board (GAME §4.5): open contracts with their reward and deadline, a claim button
 * (stakes one truth token; the server checks the work), my bounties, and a form to post one whose
 * reward is escrowed at once. Player strings are rendered as React text, never as HTML.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import type { BountyDto, PostBountyBody } from '@datavism/shared-schema';
import { Badge, Button, Countdown, Field, FormErrors, FormRow, Loading, Section, Table } from '../../ui/kit';
import { formatResource } from '../../state/profileView';
import { worldStore } from '../../state/worldStore';
import { useSession } from '../../ui/hooks';
import { intelStore, refreshChallenges } from '../intel/intelStore';
import { bountyStore, claimBounty, postBounty, refreshBounties } from './bountyStore';

const KIND_WORDS: Record<BountyDto['kind'], string> = {
  liberate_territory: 'Liberate territory',
  verify_intel: 'Verify intel in',
  solve_challenge: 'Solve challenge',
};
const TARGET_HINTS: Record<BountyDto['kind'], string> = {
  liberate_territory: 'Territory name as on its map card, e.g. Griar Blocks',
  verify_intel: 'Intel category, e.g. leak',
  solve_challenge: 'An open challenge',
};
/** A territory as players name it (its name, or "q, r" from its card) → its id; anything else is sent as typed. */
export function territoryTarget(typed: string, territories: Iterable<{ id: string; name: string; q: number; r: number }>): string {
  const t = typed.trim();
  const coords = /^(?:hex\s*)?(-?\d+)\s*,\s*(-?\d+)$/i.exec(t);
  for (const x of territories) {
    if (x.id === t) return x.id;
    if (x.name.toLowerCase() === t.toLowerCase()) return x.id;
    if (coords && x.q === Number(coords[1]) && x.r === Number(coords[2])) return x.id;
  }
  return t;
}

const RESOURCES: ReadonlyArray<PostBountyBody['resource']> = ['resistance_credits', 'cpu_cycles', 'data_credits', 'liberation_keys'];

function ErrorsFor({ action }: { action: 'post' | 'claim' }) {
  const err = useStore(bountyStore, (s) => (s.errorFor === action ? s.lastError : null));
  return <FormErrors error={err} />;
}

function StatusBadge({ b }: { b: BountyDto }) {
  if (b.status === 'paid') return <Badge tone="ok">paid to {b.claimantName ?? '—'}</Badge>;
  if (b.status === 'refunded') return <Badge tone="neutral">expired, refunded</Badge>;
  return <Badge tone="signal">open · <Countdown to={b.deadline} /></Badge>;
}

function OpenBoard({ token }: { token: string }) {
  const open = useStore(bountyStore, (s) => s.open);
  const busy = useStore(bountyStore, (s) => s.busy);
  return (
    <>
      <ErrorsFor action="claim" />
      <Table compact caption="Open bounties" testId="bounty-board" rows={open} rowKey={(b) => b.id}
        empty="No open bounties. Post one below."
        columns={[
          { key: 'title', header: 'Bounty', cell: (b) => <><strong>{b.title}</strong><div className="muted small">by {b.posterName}</div></> },
          { key: 'task', header: 'Task', cell: (b) => <>{KIND_WORDS[b.kind]} <Badge tone="accent">{b.targetLabel}</Badge></> },
          { key: 'reward', header: 'Reward', align: 'right', cell: (b) => formatResource(b.amount, b.resource) },
          { key: 'ends', header: 'Closes', align: 'right', cell: (b) => <Countdown to={b.deadline} /> },
          {
            key: 'claim', header: '', align: 'right',
            cell: (b) => (b.mine ? <span className="muted small">yours</span> : (
              <Button size="sm" busy={busy} testId={`claim-${b.id}`} onClick={() => void claimBounty(token, b.id)}
                title="Stakes 1 truth token: returned if the server finds your work, burned if not">Claim</Button>
            )),
          },
        ]} />
      <p className="muted small">Claiming stakes one truth token: it comes back with the reward when the server finds your work since the bounty was posted, and is burned when it does not.</p>
    </>
  );
}

function PostForm({ token }: { token: string }) {
  const busy = useStore(bountyStore, (s) => s.busy);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<PostBountyBody['kind']>('verify_intel');
  const [target, setTarget] = useState('');
  const [resource, setResource] = useState<PostBountyBody['resource']>('resistance_credits');
  const [amount, setAmount] = useState('100');
  const [hours, setHours] = useState('24');
  const h = Number(hours);
  const held = useSession((s) => s.profile?.balances[resource] ?? '0');
  // A challenge is picked by its title from the open ones (their ids are never shown).
  const today = useStore(intelStore, (s) => s.today);
  const openChallenges = useStore(intelStore, (s) => s.open);
  const challenges = [...(today ? [today] : []), ...openChallenges.filter((c) => c.id !== today?.id)];
  useEffect(() => { if (kind === 'solve_challenge') void refreshChallenges(token); }, [kind, token]);
  const amountError = amount && !/^[1-9][0-9]*$/.test(amount) ? 'A whole number above 0.'
    : amount && BigInt(amount) > BigInt(held) ? `You hold only ${formatResource(held, resource)}.` : null;
  const hoursError = hours && !(Number.isInteger(h) && h >= 1 && h <= 720) ? 'Whole hours from 1 to 720.' : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (amountError || hoursError) return;
    const sent = kind === 'liberate_territory' ? territoryTarget(target, worldStore.getState().territories.values()) : target.trim();
    if (await postBounty(token, { title, kind, target: sent, resource, amount, hours: h })) { setTitle(''); setTarget(''); }
  };
  return (
    <form className="kit-form" data-testid="bounty-post" onSubmit={(e) => void submit(e)}>
      <Field label="Title" error={title && title.trim().length < 3 ? 'At least 3 characters.' : null}>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} placeholder="What do you need done?" />
      </Field>
      <FormRow align="start">
        <Field label="Task">
          <select value={kind} onChange={(e) => { setKind(e.target.value as PostBountyBody['kind']); setTarget(''); }}>
            {(Object.keys(KIND_WORDS) as Array<BountyDto['kind']>).map((k) => <option key={k} value={k}>{KIND_WORDS[k]}</option>)}
          </select>
        </Field>
        {kind === 'solve_challenge' ? (
          <Field label="Challenge" hint={challenges.length ? 'An open challenge (Intel → Challenges)' : 'No open challenge right now.'}>
            <select value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">Choose…</option>
              {challenges.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
            </select>
          </Field>
        ) : (
          <Field label="Target" hint={TARGET_HINTS[kind]}>
            <input value={target} onChange={(e) => setTarget(e.target.value)} maxLength={64} />
          </Field>
        )}
      </FormRow>
      <FormRow>
        <Field label="Reward in">
          <select value={resource} onChange={(e) => setResource(e.target.value as PostBountyBody['resource'])}>
            {RESOURCES.map((r) => <option key={r} value={r}>{r.replace(/_/g, ' ')}</option>)}
          </select>
        </Field>
        <Field label="Amount" error={amountError}><input inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value)} /></Field>
        <Field label="Runs for (hours)" error={hoursError}><input type="number" min={1} max={720} value={hours} onChange={(e) => setHours(e.target.value)} /></Field>
      </FormRow>
      <ErrorsFor action="post" />
      <div>
        <Button type="submit" variant="primary" busy={busy} disabled={title.trim().length < 3 || target.trim().length < 2 || Boolean(amountError || hoursError)}>
          Post and escrow the reward
        </Button>
      </div>
    </form>
  );
}

/** The Bounties panel: the open board, my bounties, a post form. */
export function BountyPanel({ token }: { token: string }) {
  const loaded = useStore(bountyStore, (s) => s.loaded);
  const mine = useStore(bountyStore, (s) => s.mine);
  useEffect(() => { void refreshBounties(token); }, [token]);
  if (!loaded) return <Loading label="Loading the bounty board…" />;
  return (
    <div className="bounty-panel" data-testid="bounty-panel">
      <Section title="Open bounties"><OpenBoard token={token} /></Section>
      <Section title="Mine">
        <Table compact caption="My bounties" testId="bounty-mine" rows={mine} rowKey={(b) => b.id} empty="You have posted or won no bounty yet."
          columns={[
            { key: 'title', header: 'Bounty', cell: (b) => b.title },
            { key: 'reward', header: 'Reward', align: 'right', cell: (b) => formatResource(b.amount, b.resource) },
            { key: 'status', header: 'Status', align: 'right', cell: (b) => <StatusBadge b={b} /> },
          ]} />
      </Section>
      <Section title="Post a bounty"><PostForm token={token} /></Section>
    </div>
  );
}
