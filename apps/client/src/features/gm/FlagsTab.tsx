/**
 * The fair-play queue (GAME §9): every detector's flags with their evidence; a GM dismisses one or
 * acts — warn (a handler message), mute, ban, reverse a reward (a compensating transfer) — and
 * sees what was done to it (the audit lines).
 */
import { useState } from 'react';
import type { FlagDto } from '@datavism/shared-schema';
import { formatDateTime } from '../../state/time';
import { Badge, Button, Empty, Field, FormRow, Section, Tabs } from '../../ui/kit';
import { api, gmCall, type AuditEntryDto, type RewardDto } from './gmApi';
import { LoadError, Outcome } from './parts';
import { useAction, useLoad } from './useGm';

const KINDS = ['impossible_progress', 'automated_input', 'ledger_anomaly', 'wash_trading', 'vote_ring', 'endorsement_ring', 'challenge_farm', 'intel_ring'];
const words = (s: string) => s.replace(/_/g, ' ');

/** The evidence as a readable list: numbers first, nested data as indented JSON. */
function Evidence({ evidence }: { evidence: Record<string, unknown> }) {
  const entries = Object.entries(evidence);
  return (
    <dl className="gmc-evidence" data-testid="flag-evidence">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{words(k)}</dt>
          <dd>{typeof v === 'object' && v !== null ? <pre>{JSON.stringify(v, null, 1)}</pre> : String(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

function FlagActions({ flag, onDone }: { flag: FlagDto; onDone: (note: string) => void }) {
  const action = useAction();
  const [mode, setMode] = useState<'dismiss' | 'warn' | 'mute' | 'ban' | 'reverse'>('warn');
  const [playerId, setPlayerId] = useState(flag.players[0]?.id ?? flag.playerIds[0] ?? '');
  const [text, setText] = useState('');
  const [minutes, setMinutes] = useState('60');
  const [permanent, setPermanent] = useState(false);
  const [transferId, setTransferId] = useState('');
  const rewards = useLoad(() => (mode === 'reverse' && playerId ? gmCall<{ rewards: RewardDto[] }>(`/api/gm/players/${playerId}/rewards`) : Promise.resolve({ rewards: [] })), [mode, playerId]);
  const history = useLoad(() => gmCall<{ actions: AuditEntryDto[] }>(`/api/gm/flags/${flag.id}`), [flag.id]);
  const submit = async () => {
    const body = mode === 'dismiss' ? { action: 'dismiss', ...(text.trim() ? { reason: text.trim() } : {}) }
      : mode === 'warn' ? { action: 'warn', playerId, message: text.trim() }
        : mode === 'mute' ? { action: 'mute', playerId, minutes: Number(minutes), channel: null, reason: text.trim() }
          : mode === 'ban' ? { action: 'ban', playerId, minutes: permanent ? null : Number(minutes), reason: text.trim() }
            : { action: 'reverse', transferId, reason: text.trim() };
    const who = mode === 'dismiss' || mode === 'reverse' ? '' : ` ${name(playerId)}`;
    const r = await action.run(() => gmCall<{ flag: FlagDto; outcome: Record<string, unknown> }>(`/api/gm/flags/${flag.id}/actions`, 'POST', body), `Done: ${mode}${who}.`);
    if (r) {
      setText('');
      void history.reload();
      void rewards.reload();
      onDone(`Done: ${mode}${who} (${words(flag.kind)} flag #${flag.id}, now ${r.flag.status}).`);
    }
  };
  const needsText = mode !== 'dismiss';
  const name = (id: string) => flag.players.find((p) => p.id === id)?.name ?? id.slice(0, 8);
  return (
    <div className="gmc-flag-actions">
      <Tabs label="Action" value={mode} onChange={setMode} testId="flag-action" tabs={[
        { id: 'warn', label: 'Warn' }, { id: 'mute', label: 'Mute' }, { id: 'ban', label: 'Ban' }, { id: 'reverse', label: 'Reverse a reward' }, { id: 'dismiss', label: 'Dismiss' },
      ]} />
      <Outcome note={null} error={action.error} testId="flag-action-error" />
      <form className="kit-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        {mode !== 'dismiss' && flag.playerIds.length ? (
          <Field label="Player">
            <select value={playerId} onChange={(e) => setPlayerId(e.target.value)}>
              {flag.playerIds.map((id) => <option key={id} value={id}>{name(id)}</option>)}
            </select>
          </Field>
        ) : null}
        {mode === 'mute' || mode === 'ban' ? (
          <FormRow>
            <Field label="Minutes"><input type="number" min={1} value={minutes} disabled={permanent} onChange={(e) => setMinutes(e.target.value)} /></Field>
            {mode === 'ban' ? <Field label="Until lifted" inline><input type="checkbox" checked={permanent} onChange={(e) => setPermanent(e.target.checked)} /></Field> : null}
          </FormRow>
        ) : null}
        {mode === 'reverse' ? (
          <Field label="Reward to reverse" hint="A compensating transfer takes it back (into the burn when it was minted); a reward is reversed once.">
            <select value={transferId} onChange={(e) => setTransferId(e.target.value)} data-testid="reverse-transfer">
              <option value="">Choose…</option>
              {(rewards.data?.rewards ?? []).map((r) => (
                <option key={r.transferId} value={r.transferId} disabled={r.reversedBy !== null}>
                  {r.amount} {words(r.resource)} — {r.reason} — {formatDateTime(r.createdAt)}{r.reversedBy ? ' (reversed)' : ''}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field label={mode === 'warn' ? 'Message (sent as the Handler)' : mode === 'dismiss' ? 'Why (optional)' : 'Reason'}>
          <textarea rows={2} maxLength={mode === 'warn' ? 1000 : 500} value={text} onChange={(e) => setText(e.target.value)} data-testid="flag-text" />
        </Field>
        <div>
          <Button type="submit" variant={mode === 'dismiss' ? 'secondary' : 'danger'} busy={action.busy} testId="flag-submit"
            disabled={(needsText && !text.trim()) || (mode === 'reverse' && !transferId)}>
            {mode === 'dismiss' ? 'Dismiss the flag' : mode === 'reverse' ? 'Reverse it' : `${mode[0].toUpperCase()}${mode.slice(1)} ${name(playerId)}`}
          </Button>
        </div>
      </form>
      {history.data?.actions.length ? (
        <ul className="gmc-history" aria-label="What was done">
          {history.data.actions.map((a) => <li key={a.id}>{formatDateTime(a.at)} — {a.action} by {a.actorName ?? `a ${a.actorRole}`}</li>)}
        </ul>
      ) : null}
    </div>
  );
}

export default function FlagsTab() {
  const [status, setStatus] = useState<'open' | 'actioned' | 'dismissed'>('open');
  const [kind, setKind] = useState('');
  const page = useLoad(() => api.flags({ status, kind: kind || undefined }), [status, kind], 15_000);
  const run = useAction();
  const [open, setOpen] = useState<number | null>(null);
  const [acted, setActed] = useState<string | null>(null);
  const counts = page.data?.counts;
  return (
    <div className="gmc-tab" data-testid="gm-flags">
      <Tabs label="Flag status" value={status} onChange={setStatus} tabs={[
        { id: 'open', label: 'Open', badge: counts?.open }, { id: 'actioned', label: 'Actioned', badge: counts?.actioned }, { id: 'dismissed', label: 'Dismissed', badge: counts?.dismissed },
      ]} />
      <FormRow align="end">
        <Field label="Detector">
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">all</option>
            {KINDS.map((k) => <option key={k} value={k}>{words(k)}</option>)}
          </select>
        </Field>
        <Button onClick={() => void run.run(() => gmCall<{ flags: FlagDto[] }>('/api/gm/fairplay/run', 'POST', {}), (r) => `Detectors ran: ${r.flags.length} new flag${r.flags.length === 1 ? '' : 's'}.`).then(() => page.reload())} busy={run.busy}>
          Run the detectors now
        </Button>
      </FormRow>
      <Outcome note={run.note} error={run.error} />
      {acted ? <div className="note gmc-note" role="status" data-testid="flag-outcome">{acted}</div> : null}
      <LoadError error={page.error} onRetry={page.reload} />
      {page.data === null ? <Empty>Loading…</Empty> : page.data.flags.length === 0 ? <Empty testId="flags-empty">No {status} flag.</Empty> : (
        <ul className="gmc-flags" data-testid="flags-queue">
          {page.data.flags.map((f) => (
            <li key={f.id} className="gmc-flag" data-testid="flag" data-kind={f.kind}>
              <button type="button" className="gmc-flag-head" aria-expanded={open === f.id} onClick={() => setOpen(open === f.id ? null : f.id)}>
                <Badge tone={f.kind === 'ledger_anomaly' ? 'ac' : 'contested'}>{words(f.kind)}</Badge>
                <span className="gmc-flag-players">{f.players.map((p) => p.name).join(', ') || 'the ledger'}</span>
                <span className="gmc-flag-detail">{f.detail}</span>
                <span className="muted small">{formatDateTime(f.createdAt)}{f.resolution ? ` · ${f.resolution}` : ''}</span>
              </button>
              {open === f.id ? (
                <div className="gmc-flag-body">
                  <Evidence evidence={f.evidence} />
                  <FlagActions flag={f} onDone={(note) => { setActed(note); void page.reload(); }} />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
