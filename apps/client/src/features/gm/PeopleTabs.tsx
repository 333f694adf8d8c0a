/**
 * People: roles (admins make GMs and moderators here, no curl) and GM auctions. Moderation (the
 * report queue, mutes and bans: all a moderator sees of this console) is in ModerationTab.tsx.
 */
import { useState } from 'react';
import { Button, Field, FormRow, Section } from '../../ui/kit';
import { gmCall, type PlayerHit } from './gmApi';
import { Outcome, PlayerPicker } from './parts';
import { useAction } from './useGm';

const ROLES = ['player', 'moderator', 'gm', 'admin'] as const;
const RESOURCES = ['cpu_cycles', 'data_credits', 'liberation_keys', 'resistance_credits'];

export function RolesAndAuctionsTab({ isAdmin }: { isAdmin: boolean }) {
  const roles = useAction();
  const auction = useAction();
  const [player, setPlayer] = useState<PlayerHit | null>(null);
  const [role, setRole] = useState<(typeof ROLES)[number]>('gm');
  const [a, setA] = useState({ itemKind: 'title', itemName: '', itemResource: 'liberation_keys', itemAmount: '1', reservePrice: '100', hours: '24' });
  return (
    <div className="gmc-tab" data-testid="gm-people">
      {isAdmin ? (
        <Section title="Roles" aside="admins only; audited">
          <Outcome note={roles.note} error={roles.error} />
          <PlayerPicker value={player} onChange={setPlayer} testId="role-player" />
          <FormRow>
            <Field label="New role"><select value={role} onChange={(e) => setRole(e.target.value as typeof role)}>{ROLES.map((r) => <option key={r}>{r}</option>)}</select></Field>
            <Button variant="primary" disabled={!player} busy={roles.busy} onClick={() => void roles.run(
              () => gmCall<{ name: string; role: string; previous: string }>(`/api/admin/players/${encodeURIComponent(player!.name)}/role`, 'POST', { role }),
              (r) => `${r.name} is now ${r.role} (was ${r.previous}).`,
            ).then((r) => { if (r) setPlayer({ ...player!, role: r.role }); })}>Set role</Button>
          </FormRow>
        </Section>
      ) : null}
      <Section title="Create an auction" aside="system lots: titles, cosmetic sets or minted resources">
        <Outcome note={auction.note} error={auction.error} />
        <FormRow>
          <Field label="Lot"><select value={a.itemKind} onChange={(e) => setA({ ...a, itemKind: e.target.value })}><option value="title">title</option><option value="cosmetic_set">cosmetic set</option><option value="resource">resource</option></select></Field>
          <Field label="Name"><input value={a.itemName} maxLength={80} onChange={(e) => setA({ ...a, itemName: e.target.value })} /></Field>
          {a.itemKind === 'resource' ? (
            <>
              <Field label="Resource"><select value={a.itemResource} onChange={(e) => setA({ ...a, itemResource: e.target.value })}>{RESOURCES.map((r) => <option key={r} value={r}>{r.replace(/_/g, ' ')}</option>)}</select></Field>
              <Field label="Amount"><input inputMode="numeric" value={a.itemAmount} onChange={(e) => setA({ ...a, itemAmount: e.target.value })} /></Field>
            </>
          ) : null}
          <Field label="Reserve (resistance credits)"><input inputMode="numeric" value={a.reservePrice} onChange={(e) => setA({ ...a, reservePrice: e.target.value })} /></Field>
          <Field label="Length (game hours)"><input type="number" min={1} value={a.hours} onChange={(e) => setA({ ...a, hours: e.target.value })} /></Field>
        </FormRow>
        <div><Button variant="primary" disabled={!a.itemName.trim()} busy={auction.busy} onClick={() => void auction.run(() => gmCall('/api/auctions', 'POST', {
          itemKind: a.itemKind, itemName: a.itemName.trim(), reservePrice: a.reservePrice, durationSeconds: Math.round(Number(a.hours) * 3600),
          ...(a.itemKind === 'resource' ? { itemResource: a.itemResource, itemAmount: a.itemAmount } : {}),
          idempotencyKey: `gm-${Date.now().toString(36)}`,
        }), `Auction of ${a.itemName.trim()} opened.`)}>Open the auction</Button></div>
      </Section>
    </div>
  );
}
