/**
 * Moderation (GAME §8.1, §9) — all a moderator sees of the console: the report queue (open,
 * removed, dismissed) with the message as it stands, remove or dismiss; mute a player for a
 * duration in one channel or everywhere, ban for a duration or until lifted, and the mutes and
 * bans in force with their lifting. Every action is audited by the server.
 */
import { useState } from 'react';
import { formatDateTime } from '../../state/time';
import { Badge, Button, Empty, Field, FormRow, Section, Table } from '../../ui/kit';
import { gmCall, query, type PlayerHit } from './gmApi';
import { LoadError, Outcome, PlayerPicker } from './parts';
import { useAction, useLoad } from './useGm';

type ReportStatus = 'open' | 'removed' | 'dismissed';
type Report = {
  id: number; status: ReportStatus; reason: string; createdAt: string; reporterName: string; messageId: number; channel: string;
  authorId: string | null; authorName: string; body: string; removed: boolean; openReportsOnMessage: number;
};
type Mute = { id: number; playerId: string; channel: string | null; until: string; reason: string; createdAt: string };

/** Durations offered for mutes and bans, in minutes. */
const DURATIONS = [
  { minutes: 10, label: '10 minutes' }, { minutes: 60, label: '1 hour' }, { minutes: 24 * 60, label: '1 day' },
  { minutes: 7 * 24 * 60, label: '7 days' }, { minutes: 30 * 24 * 60, label: '30 days' },
];

/** A channel key in words for the queue ("global", "a DM", "squad chat"). */
function channelWords(channel: string): string {
  if (channel.startsWith('dm:')) return 'a direct message';
  if (channel.startsWith('squad:')) return 'squad chat';
  if (channel.startsWith('handler:')) return 'a handler thread';
  if (channel.startsWith('council:')) return `${channel.slice(8)} council`;
  return channel;
}

export function ModerationTab() {
  const [status, setStatus] = useState<ReportStatus>('open');
  const reports = useLoad(() => gmCall<{ reports: Report[] }>(`/api/mod/reports${query({ status })}`), [status], 15_000);
  const mutes = useLoad(() => gmCall<{ mutes: Mute[] }>('/api/mod/mutes'), []);
  const bans = useLoad(() => gmCall<{ bans: Array<{ playerId: string; until: string | null }> }>('/api/mod/bans'), []);
  const action = useAction();
  const [player, setPlayer] = useState<PlayerHit | null>(null);
  const [scope, setScope] = useState('');
  const [minutes, setMinutes] = useState(60);
  const [untilLifted, setUntilLifted] = useState(false);
  const [reason, setReason] = useState('');
  const [fromReport, setFromReport] = useState<Report | null>(null);
  const reloadAll = () => { void reports.reload(); void mutes.reload(); void bans.reload(); };
  const act = (fn: () => Promise<unknown>, ok: string) => action.run(fn, ok).then(reloadAll);
  const actOn = (r: Report) => {
    if (!r.authorId) return;
    setPlayer({ id: r.authorId, name: r.authorName, role: 'player' });
    setFromReport(r);
    setScope('');
    setReason(r.reason);
  };
  const names = new Map<string, string>();
  for (const r of reports.data?.reports ?? []) if (r.authorId) names.set(r.authorId, r.authorName);
  if (player) names.set(player.id, player.name);
  const who = (id: string) => names.get(id) ?? `player ${id.slice(0, 8)}…`;

  return (
    <div className="gmc-tab" data-testid="gm-moderation">
      <Outcome note={action.note} error={action.error} />
      <Section title="Reported messages" aside={
        <select className="kit-input" value={status} aria-label="Reports" onChange={(e) => setStatus(e.target.value as ReportStatus)} data-testid="reports-status">
          <option value="open">open</option><option value="removed">removed</option><option value="dismissed">dismissed</option>
        </select>
      }>
        <LoadError error={reports.error} onRetry={reports.reload} />
        {reports.data === null ? <Empty>Loading…</Empty> : (
          <Table compact caption="Reports" rowKey={(r) => String(r.id)} rows={reports.data.reports} testId="reports-queue"
            empty={status === 'open' ? 'No open report.' : `No ${status} report.`} columns={[
              { key: 'm', header: 'Message', cell: (r) => (
                <span data-testid="report-message">
                  <strong>{r.authorName || 'the handler'}</strong> <span className="muted small">in {channelWords(r.channel)}</span><br />
                  {r.removed ? <em className="muted">message removed</em> : r.body}
                </span>
              ) },
              { key: 'r', header: 'Report', cell: (r) => (
                <span className="small">{r.reporterName}: {r.reason}<br /><span className="muted">{formatDateTime(r.createdAt)}{r.openReportsOnMessage > 1 ? ` · ${r.openReportsOnMessage} open reports on it` : ''}</span></span>
              ) },
              { key: 'a', header: '', cell: (r) => (r.status !== 'open' ? <Badge tone={r.status === 'removed' ? 'ac' : 'neutral'}>{r.status}</Badge> : (
                <span className="row-actions">
                  {!r.removed ? <Button size="sm" variant="danger" testId="report-remove" onClick={() => void act(() => gmCall(`/api/mod/messages/${r.messageId}/remove`, 'POST', { reason: r.reason }), 'Message removed: readers see a tombstone.')}>Remove</Button> : null}
                  <Button size="sm" variant="ghost" testId="report-dismiss" onClick={() => void act(() => gmCall(`/api/mod/reports/${r.id}/dismiss`, 'POST', {}), 'Report dismissed.')}>Dismiss</Button>
                  {r.authorId ? <Button size="sm" variant="ghost" onClick={() => actOn(r)}>Mute / ban author…</Button> : null}
                </span>
              )) },
            ]} />
        )}
      </Section>

      <Section title="Mute or ban a player" aside="a mute or ban binds on every server within a second">
        <PlayerPicker value={player} onChange={(p) => { setPlayer(p); setFromReport(null); }} testId="mod-player" />
        <FormRow>
          <Field label="Mute where">
            <select value={scope} onChange={(e) => setScope(e.target.value)} data-testid="mod-scope">
              <option value="">everywhere</option>
              <option value="global">global</option>
              {fromReport && fromReport.channel !== 'global' ? <option value={fromReport.channel}>{channelWords(fromReport.channel)} (the reported one)</option> : null}
            </select>
          </Field>
          <Field label="For">
            <select value={minutes} disabled={untilLifted} onChange={(e) => setMinutes(Number(e.target.value))} data-testid="mod-minutes">
              {DURATIONS.map((d) => <option key={d.minutes} value={d.minutes}>{d.label}</option>)}
            </select>
          </Field>
          <Field label="Ban until lifted" inline>
            <input type="checkbox" checked={untilLifted} onChange={(e) => setUntilLifted(e.target.checked)} data-testid="mod-permanent" />
          </Field>
        </FormRow>
        <Field label="Reason" hint="Kept in the audit log; the player is not shown it.">
          <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="mod-reason" />
        </Field>
        <div className="row-actions">
          <Button disabled={!player || !reason.trim() || untilLifted} testId="mod-mute" onClick={() => void act(
            () => gmCall('/api/mod/mutes', 'POST', { playerId: player!.id, channel: scope || null, minutes, reason: reason.trim() }),
            `${player!.name} muted ${scope ? `in ${channelWords(scope)}` : 'everywhere'} for ${DURATIONS.find((d) => d.minutes === minutes)?.label ?? `${minutes} min`}.`,
          )}>Mute</Button>
          <Button variant="danger" disabled={!player || !reason.trim()} testId="mod-ban" onClick={() => void act(
            () => gmCall('/api/mod/bans', 'POST', { playerId: player!.id, minutes: untilLifted ? null : minutes, reason: reason.trim() }),
            `${player!.name} banned ${untilLifted ? 'until lifted' : `for ${DURATIONS.find((d) => d.minutes === minutes)?.label ?? `${minutes} min`}`}: their connections are closed.`,
          )}>Ban</Button>
          <Button variant="ghost" disabled={!player} onClick={() => void act(() => gmCall('/api/mod/unmute', 'POST', { playerId: player!.id }), `${player!.name}'s mutes lifted.`)}>Lift all mutes</Button>
          <Button variant="ghost" disabled={!player} onClick={() => void act(() => gmCall('/api/mod/unban', 'POST', { playerId: player!.id }), `${player!.name}'s ban lifted.`)}>Unban</Button>
        </div>
      </Section>

      <Section title="Mutes in force">
        <LoadError error={mutes.error} onRetry={mutes.reload} />
        {mutes.data ? (
          <Table compact caption="Mutes" rowKey={(m) => String(m.id)} rows={mutes.data.mutes} empty="Nobody is muted." columns={[
            { key: 'p', header: 'Player', cell: (m) => who(m.playerId) },
            { key: 'c', header: 'Where', cell: (m) => (m.channel ? channelWords(m.channel) : <Badge tone="contested">everywhere</Badge>) },
            { key: 'u', header: 'Until', cell: (m) => formatDateTime(m.until) },
            { key: 'r', header: 'Reason', cell: (m) => <span className="small">{m.reason}</span> },
            { key: 'a', header: '', cell: (m) => <Button size="sm" variant="ghost" onClick={() => void act(() => gmCall('/api/mod/unmute', 'POST', { playerId: m.playerId, channel: m.channel }), 'Mute lifted.')}>Lift</Button> },
          ]} />
        ) : <Empty>Loading…</Empty>}
      </Section>

      <Section title="Bans in force">
        <LoadError error={bans.error} onRetry={bans.reload} />
        {bans.data ? (
          <Table compact caption="Bans" rowKey={(b) => b.playerId} rows={bans.data.bans} empty="Nobody is banned." columns={[
            { key: 'p', header: 'Player', cell: (b) => who(b.playerId) },
            { key: 'u', header: 'Until', cell: (b) => (b.until ? formatDateTime(b.until) : <Badge tone="ac">until lifted</Badge>) },
            { key: 'a', header: '', cell: (b) => <Button size="sm" variant="ghost" onClick={() => void act(() => gmCall('/api/mod/unban', 'POST', { playerId: b.playerId }), 'Ban lifted.')}>Unban</Button> },
          ]} />
        ) : <Empty>Loading…</Empty>}
      </Section>
    </div>
  );
}
