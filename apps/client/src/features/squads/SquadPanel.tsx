/**
 * Squad panel: the squad finder for the squadless; for members the squad's standing, the roster
 * with roles (promote / demote / kick for the leader, applications for officers), the treasury
 * with contribute (and withdraw with Resource_Sharing), decisions with live votes and proposals
 * (a siege is proposed on the territory selected on the map), and squad chat. Every
 * user-written string is rendered as a React text node (never as HTML).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { formatAmount, formatResource, resourceLabel } from '../../state/profileView';
import { useWorld } from '../../ui/hooks';
import {
  Badge, Button, Countdown, Empty, ErrorNote, Facts, Field, FormRow, Loading, ProgressBar, Section, Table, Tabs, type Column,
} from '../../ui/kit';
import { SquadFinder } from './SquadFinder';
import {
  leaveSquad, loadOlderChat, loadSquad, sendSquad, squadStore, type DecisionView, type MemberView, type SquadView,
} from './squadStore';
import {
  classMinimum, DECISION_KIND_WORDS, DECISION_STATUS_WORDS, PERK_WORDS, RECRUITMENT_WORDS, squadClassLine, squadTypeLabel,
  TREASURY_RESOURCES,
} from './squadWords';

const ROLE_TONE: Record<string, 'accent' | 'signal' | 'neutral'> = { leader: 'accent', officer: 'signal', member: 'neutral' };
const isAmount = (s: string) => /^[1-9]\d{0,17}$/.test(s);

function Roster({ squad, me }: { squad: SquadView; me: string }) {
  const myRole = squad.members.find((m) => m.id === me)?.role;
  const columns: Column<MemberView>[] = [
    {
      key: 'name', header: 'Member', cell: (m) => (
        <span className={`presence ${m.online ? 'is-online' : ''}`} title={m.online ? 'online' : 'offline'}>
          <span className="presence-dot" aria-hidden="true" />{m.name}{m.id === me ? ' (you)' : ''}
        </span>
      ),
    },
    { key: 'role', header: 'Role', cell: (m) => <Badge tone={ROLE_TONE[m.role] ?? 'neutral'}>{m.role}</Badge> },
    { key: 'score', header: <span title="Contribution score">Score</span>, align: 'right', cell: (m) => Math.round(m.contributionScore).toLocaleString() },
    {
      key: 'act', header: '', align: 'right', cell: (m) => (myRole === 'leader' && m.id !== me ? (
        <span className="row-actions">
          {m.role === 'member' ? <Button size="sm" onClick={() => sendSquad('promote', { playerId: m.id })}>Promote</Button> : null}
          {m.role === 'officer' ? <Button size="sm" onClick={() => sendSquad('demote', { playerId: m.id })}>Demote</Button> : null}
          <Button size="sm" variant="danger" onClick={() => { if (window.confirm(`Remove ${m.name} from the squad?`)) sendSquad('kick', { playerId: m.id }); }}>Kick</Button>
        </span>
      ) : null),
    },
  ];
  return (
    <div className="kit-stack">
      <Table columns={columns} rows={squad.members} rowKey={(m) => m.id} caption="Members" testId="squad-members" />
      {myRole && myRole !== 'member' ? (
        <Section title="Applications" aside={`${squad.applications.length} waiting`}>
          {squad.applications.length === 0 ? <Empty>No one is waiting for an answer.</Empty> : (
            <ul className="plain-list">
              {squad.applications.map((a) => (
                <li key={a.id} className="list-row">
                  <div><strong>{a.name}</strong>{a.message ? <div className="muted small">“{a.message}”</div> : null}</div>
                  <span className="row-actions">
                    <Button size="sm" variant="primary" onClick={() => sendSquad('decide_application', { applicationId: a.id, accept: true })}>Accept</Button>
                    <Button size="sm" onClick={() => sendSquad('decide_application', { applicationId: a.id, accept: false })}>Reject</Button>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      ) : null}
      <div>
        <Button variant="danger" size="sm"
          onClick={() => { if (window.confirm(`Leave ${squad.name}?`)) void leaveSquad(); }}>Leave squad</Button>
      </div>
    </div>
  );
}

function Treasury({ squad }: { squad: SquadView }) {
  const [resource, setResource] = useState<string>('resistance_credits');
  const [amount, setAmount] = useState('');
  const valid = isAmount(amount);
  const rows = TREASURY_RESOURCES.map((r) => ({ resource: r, amount: squad.treasury[r] ?? '0' }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    sendSquad('contribute', { resource, amount, requestKey: crypto.randomUUID().slice(0, 32) });
    setAmount('');
  };
  return (
    <>
      <Table compact caption="Treasury" rows={rows} rowKey={(r) => r.resource}
        columns={[
          { key: 'r', header: 'Resource', cell: (r) => resourceLabel(r.resource) },
          { key: 'a', header: 'Held', align: 'right', cell: (r) => formatAmount(r.amount) },
        ]} />
      <form className="kit-form" onSubmit={submit}>
        <FormRow>
          <Field label="Resource">
            <select value={resource} onChange={(e) => setResource(e.target.value)}>
              {TREASURY_RESOURCES.map((r) => <option key={r} value={r}>{resourceLabel(r)}</option>)}
            </select>
          </Field>
          <Field label="Amount" error={amount && !valid ? 'A whole number above 0.' : null}>
            <input inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value.trim())} />
          </Field>
        </FormRow>
        <FormRow align="center">
          <Button type="submit" variant="primary" disabled={!valid}>Contribute</Button>
          {squad.perks.includes('Resource_Sharing') ? (
            <Button disabled={!valid} onClick={() => sendSquad('withdraw', { resource, amount })}>Withdraw (up to 10 % a day)</Button>
          ) : <span className="muted small">Withdrawals need a squad decision until level 3 (Resource sharing).</span>}
        </FormRow>
      </form>
    </>
  );
}

function describeDecision(d: DecisionView, names: Map<string, string>, territoryName: (id: string) => string): string {
  const p = d.payload;
  switch (d.kind) {
    case 'spend': return `Spend ${formatResource(String(p.amount), String(p.resource))} → ${names.get(String(p.toPlayerId)) ?? 'a former member'}`;
    case 'distribute_profits': return `Distribute ${formatResource(String(p.amount), String(p.resource))} by contribution`;
    case 'kick': return `Remove ${names.get(String(p.playerId)) ?? 'a former member'}`;
    case 'change_recruitment': return `Recruitment: ${RECRUITMENT_WORDS[String(p.recruitment)] ?? String(p.recruitment)}`;
    case 'declare_siege': return `Declare a siege on ${territoryName(String(p.territoryId))}`;
    default: return DECISION_KIND_WORDS[d.kind] ?? d.kind;
  }
}

function ProposeForm({ squad }: { squad: SquadView }) {
  const selected = useWorld((s) => (s.selectedTerritoryId ? s.territories.get(s.selectedTerritoryId) : undefined));
  const [kind, setKind] = useState('spend');
  const [resource, setResource] = useState<string>('resistance_credits');
  const [amount, setAmount] = useState('');
  const [target, setTarget] = useState('');
  const [recruitment, setRecruitment] = useState('open');
  const needsAmount = kind === 'spend' || kind === 'distribute_profits';
  const needsMember = kind === 'spend' || kind === 'kick';
  const ready = (!needsAmount || isAmount(amount)) && (!needsMember || target !== '') && (kind !== 'declare_siege' || selected !== undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    if (kind === 'spend') sendSquad('propose', { kind, resource, amount, toPlayerId: target });
    else if (kind === 'distribute_profits') sendSquad('propose', { kind, resource, amount });
    else if (kind === 'kick') sendSquad('propose', { kind, playerId: target });
    else if (kind === 'change_recruitment') sendSquad('propose', { kind, recruitment });
    else if (selected) sendSquad('propose', { kind, territoryId: selected.id });
  };
  return (
    <form className="kit-form" onSubmit={submit} data-testid="squad-propose">
      <FormRow>
        <Field label="Proposal">
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            {Object.entries(DECISION_KIND_WORDS).map(([k, w]) => <option key={k} value={k}>{w}</option>)}
          </select>
        </Field>
        {needsAmount ? (
          <>
            <Field label="Resource">
              <select value={resource} onChange={(e) => setResource(e.target.value)}>
                {TREASURY_RESOURCES.map((r) => <option key={r} value={r}>{resourceLabel(r)}</option>)}
              </select>
            </Field>
            <Field label="Amount" error={amount && !isAmount(amount) ? 'A whole number above 0.' : null}>
              <input inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value.trim())} />
            </Field>
          </>
        ) : null}
        {needsMember ? (
          <Field label={kind === 'spend' ? 'Pay to' : 'Member'}>
            <select value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">Choose a member…</option>
              {squad.members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
            </select>
          </Field>
        ) : null}
        {kind === 'change_recruitment' ? (
          <Field label="Recruitment">
            <select value={recruitment} onChange={(e) => setRecruitment(e.target.value)}>
              {Object.entries(RECRUITMENT_WORDS).map(([k, w]) => <option key={k} value={k}>{w}</option>)}
            </select>
          </Field>
        ) : null}
      </FormRow>
      {kind === 'declare_siege' ? (
        <p className="muted small" data-testid="propose-siege-target">
          {selected ? <>Target: <strong>{selected.name}</strong> — select another territory on the map to change it.</> : 'Select the territory to besiege on the map first.'}
        </p>
      ) : null}
      <div><Button type="submit" variant="primary" disabled={!ready}>Propose to the squad</Button></div>
    </form>
  );
}

function Decisions({ squad, me }: { squad: SquadView; me: string }) {
  const names = new Map(squad.members.map((m) => [m.id, m.name]));
  const territories = useWorld((s) => s.territories);
  const territoryName = (id: string) => territories.get(id)?.name ?? 'a territory';
  const voters = squad.members.length;
  return (
    <>
      {squad.decisions.length === 0 ? <Empty>No decisions yet. Propose one below: a simple majority of votes cast wins if 30 % of members vote.</Empty> : (
        <ul className="plain-list">
          {squad.decisions.map((d) => {
            const cast = d.yes + d.no;
            return (
              <li key={d.id} className="card" data-testid={`decision-${d.id}`}>
                <div className="card-head">
                  <strong>{describeDecision(d, names, territoryName)}</strong>
                  <Badge tone={d.status === 'open' ? 'contested' : d.status === 'passed' ? 'ok' : 'neutral'}>{DECISION_STATUS_WORDS[d.status] ?? d.status}</Badge>
                </div>
                <ProgressBar label="Yes share of votes cast" value={cast ? d.yes / cast : 0} marker={0.5} markerLabel="majority" size="sm"
                  detail={`${d.yes} yes · ${d.no} no · ${cast}/${voters} voted (30 % needed)`} />
                {d.status === 'open' ? (
                  <div className="card-foot">
                    <Countdown to={d.closesAt} prefix="closes in" done="closing…" />
                    <span className="row-actions">
                      <Button size="sm" pressed={d.votes[me] === 'yes'} onClick={() => sendSquad('vote', { decisionId: d.id, yes: true })}>Yes</Button>
                      <Button size="sm" pressed={d.votes[me] === 'no'} onClick={() => sendSquad('vote', { decisionId: d.id, yes: false })}>No</Button>
                    </span>
                  </div>
                ) : d.result ? <div className="muted small">{d.result}</div> : null}
              </li>
            );
          })}
        </ul>
      )}
      <Section title="Propose"><ProposeForm squad={squad} /></Section>
    </>
  );
}

function Chat() {
  const chat = useStore(squadStore, (s) => s.chat);
  const exhausted = useStore(squadStore, (s) => s.olderExhausted);
  const [body, setBody] = useState('');
  const send = (e: FormEvent) => {
    e.preventDefault();
    if (body.trim().length === 0) return;
    sendSquad('chat', { body });
    setBody('');
  };
  return (
    <div className="squad-chat">
      {!exhausted ? <div><Button size="sm" variant="ghost" onClick={() => void loadOlderChat()}>Load older messages</Button></div> : null}
      {chat.length === 0 ? <Empty>No messages yet. Say hello to your squad.</Empty> : (
        <ol className="chat-lines" data-testid="squad-chat-lines">
          {chat.map((l) => (
            <li key={l.id}><strong>{l.name}</strong> {l.removed ? <em className="muted">message removed</em> : <span>{l.body}</span>}</li>
          ))}
        </ol>
      )}
      <form onSubmit={send} className="kit-form-row align-end">
        <Field label="Message" className="grow">
          <input value={body} maxLength={500} placeholder="Message your squad" onChange={(e) => setBody(e.target.value)} />
        </Field>
        <Button type="submit" variant="primary" disabled={body.trim().length === 0}>Send</Button>
      </form>
    </div>
  );
}

function SquadHeader({ squad }: { squad: SquadView }) {
  const min = classMinimum(squad.type);
  return (
    <Section>
      <div className="card-head">
        <h3 className="squad-name" data-testid="squad-name-heading">{squad.name}</h3>
        {squad.active ? <Badge tone="ok">Active</Badge> : <Badge tone="contested" title="Claims and sieges need the class minimum">Needs {Math.max(0, min - squad.members.length)} more</Badge>}
      </div>
      {squad.motto ? <div className="muted">“{squad.motto}”</div> : null}
      <Facts items={[
        { label: 'Type', value: `${squadTypeLabel(squad.type)} (${squadClassLine(squad.type)})` },
        { label: 'Level', value: `${squad.level} — ${squad.levelName} (${squad.points.toLocaleString()} points)` },
        { label: 'Members', value: `${squad.members.length} / ${squad.maxMembers}` },
        { label: 'Recruitment', value: RECRUITMENT_WORDS[squad.recruitment] ?? squad.recruitment },
      ]} />
      {squad.perks.length > 0 ? (
        <div className="perks">{squad.perks.map((p) => <Badge key={p} tone="accent" title={PERK_WORDS[p]?.effect}>{PERK_WORDS[p]?.label ?? p}</Badge>)}</div>
      ) : null}
    </Section>
  );
}

export function SquadPanel({ token }: { token: string }) {
  useEffect(() => void loadSquad(token), [token]);
  const status = useStore(squadStore, (s) => s.status);
  const squad = useStore(squadStore, (s) => s.squad);
  const me = useStore(squadStore, (s) => s.me);
  const lastError = useStore(squadStore, (s) => s.lastError);
  const [tab, setTab] = useState<'members' | 'treasury' | 'decisions' | 'chat'>('members');
  if (status === 'squadless') return <SquadFinder />;
  if (status === 'error') return <ErrorNote error={lastError} onRetry={() => void loadSquad(token)} />;
  if (!squad || status !== 'connected') return <Loading label="Reaching your squad…" />;
  const open = squad.decisions.filter((d) => d.status === 'open').length;
  return (
    <div className="squad-panel" data-testid="squad-panel">
      <SquadHeader squad={squad} />
      <Tabs label="Squad sections" value={tab} onChange={setTab} testId="squad-section"
        tabs={[
          { id: 'members', label: 'Members', badge: squad.applications.length || undefined },
          { id: 'treasury', label: 'Treasury' },
          { id: 'decisions', label: 'Decisions', badge: open || undefined },
          { id: 'chat', label: 'Chat' },
        ]} />
      {tab === 'members' ? <Roster squad={squad} me={me} /> : null}
      {tab === 'treasury' ? <Treasury squad={squad} /> : null}
      {tab === 'decisions' ? <Decisions squad={squad} me={me} /> : null}
      {tab === 'chat' ? <Chat /> : null}
    </div>
  );
}
