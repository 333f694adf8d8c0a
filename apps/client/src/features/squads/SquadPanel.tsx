/**
 * Squad panel: create or find a squad, apply/join; for members the roster with roles
 * (promote / demote / kick), treasury with contribute, decisions with live votes, chat.
 * Every user-written string is rendered as a React text node (never as HTML).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import {
  createSquad, findSquads, joinOrApply, loadOlderChat, loadSquad, refreshRecruiting, sendSquad, squadStore,
  type DecisionView, type SquadView,
} from './squadStore';
import { useNow } from '../../ui/hooks';

const SQUAD_TYPES = [
  'strike_team', 'infiltration', 'analysis', 'research', 'training', 'propaganda',
  'liberation', 'peoples', 'brigade', 'shadow', 'ghost', 'handler',
];
const RESOURCES = ['resistance_credits', 'cpu_cycles', 'data_credits', 'liberation_keys'];

function Squadless() {
  const recruiting = useStore(squadStore, (s) => s.recruiting);
  const matches = useStore(squadStore, (s) => s.matches);
  const [name, setName] = useState('');
  const [type, setType] = useState('strike_team');
  const [motto, setMotto] = useState('');
  const [pace, setPace] = useState(0.5);
  const [cls, setCls] = useState('tactical');
  const [tz, setTz] = useState(-new Date().getTimezoneOffset() / 60);
  const [style, setStyle] = useState('balanced');
  const create = (e: FormEvent) => {
    e.preventDefault();
    void createSquad({ name, type, motto, activityPace: pace, timezoneOffsetHours: tz, playStyle: style });
  };
  const find = (e: FormEvent) => {
    e.preventDefault();
    void findSquads({ activityPace: pace, preferredClass: cls, timezoneOffsetHours: tz, playStyle: style });
  };
  const list = matches.length > 0 ? matches : recruiting;
  return (
    <div className="squad-squadless">
      <form onSubmit={create} data-testid="squad-create">
        <h4>Found a squad</h4>
        <input placeholder="Name" value={name} maxLength={32} onChange={(e) => setName(e.target.value)} />
        <select value={type} onChange={(e) => setType(e.target.value)}>
          {SQUAD_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
        <input placeholder="Motto" value={motto} maxLength={140} onChange={(e) => setMotto(e.target.value)} />
        <button type="submit" disabled={name.trim().length < 3}>Create</button>
      </form>
      <form onSubmit={find} data-testid="squad-find">
        <h4>Find a squad</h4>
        <label>Pace <input type="range" min={0} max={1} step={0.1} value={pace} onChange={(e) => setPace(Number(e.target.value))} /></label>
        <select value={cls} onChange={(e) => setCls(e.target.value)}>
          {['tactical', 'strategic', 'mass', 'elite'].map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
        <label>UTC offset <input type="number" min={-12} max={14} step={0.5} value={tz} onChange={(e) => setTz(Number(e.target.value))} /></label>
        <input placeholder="Play style" value={style} maxLength={32} onChange={(e) => setStyle(e.target.value)} />
        <button type="submit">Find</button>
        <button type="button" onClick={() => { squadStore.setState({ matches: [] }); void refreshRecruiting(); }}>All recruiting</button>
      </form>
      <ul className="squad-list">
        {list.map((s) => (
          <li key={s.id}>
            <strong>{s.name}</strong> · {s.type} · level {s.level} · {s.memberCount}/{s.maxMembers}
            {s.score !== undefined ? ` · match ${(s.score * 100).toFixed(0)} %` : ''}
            {s.motto ? <div className="motto">{s.motto}</div> : null}
            <button onClick={() => void joinOrApply(s)}>{s.recruitment === 'application' ? 'Apply' : 'Join'}</button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Roster({ squad, me }: { squad: SquadView; me: string }) {
  const myRole = squad.members.find((m) => m.id === me)?.role;
  return (
    <section>
      <h4>Members ({squad.members.length}/{squad.maxMembers}){squad.active ? '' : ' — below class minimum'}</h4>
      <ul className="squad-members">
        {squad.members.map((m) => (
          <li key={m.id} className={m.online ? 'online' : 'offline'}>
            {m.online ? '● ' : '○ '}{m.name} <em>{m.role}</em> · {m.contributionScore}
            {myRole === 'leader' && m.id !== me ? (
              <>
                {m.role === 'member' ? <button onClick={() => sendSquad('promote', { playerId: m.id })}>Promote</button> : null}
                {m.role === 'officer' ? <button onClick={() => sendSquad('demote', { playerId: m.id })}>Demote</button> : null}
                <button onClick={() => sendSquad('kick', { playerId: m.id })}>Kick</button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {myRole !== 'member' && squad.applications.length > 0 ? (
        <>
          <h4>Applications</h4>
          <ul>
            {squad.applications.map((a) => (
              <li key={a.id}>
                {a.name}{a.message ? `: ${a.message}` : ''}
                <button onClick={() => sendSquad('decide_application', { applicationId: a.id, accept: true })}>Accept</button>
                <button onClick={() => sendSquad('decide_application', { applicationId: a.id, accept: false })}>Reject</button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <button onClick={() => sendSquad('leave', {})}>Leave squad</button>
    </section>
  );
}

function Treasury({ squad }: { squad: SquadView }) {
  const [resource, setResource] = useState('resistance_credits');
  const [amount, setAmount] = useState('');
  const valid = /^[1-9]\d{0,29}$/.test(amount);
  return (
    <section>
      <h4>Treasury</h4>
      <ul>{Object.entries(squad.treasury).filter(([, v]) => v !== '0').map(([r, v]) => <li key={r}>{r}: {v}</li>)}</ul>
      <select value={resource} onChange={(e) => setResource(e.target.value)}>
        {RESOURCES.map((r) => <option key={r} value={r}>{r}</option>)}
      </select>
      <input inputMode="numeric" placeholder="Amount" value={amount} onChange={(e) => setAmount(e.target.value.trim())} />
      <button disabled={!valid} onClick={() => sendSquad('contribute', { resource, amount, requestKey: crypto.randomUUID().slice(0, 32) })}>Contribute</button>
      {squad.perks.includes('Resource_Sharing') ? (
        <button disabled={!valid} onClick={() => sendSquad('withdraw', { resource, amount })}>Withdraw (Resource_Sharing)</button>
      ) : null}
    </section>
  );
}

function describeDecision(d: DecisionView, names: Map<string, string>): string {
  const p = d.payload;
  switch (d.kind) {
    case 'spend': return `Spend ${String(p.amount)} ${String(p.resource)} → ${names.get(String(p.toPlayerId)) ?? 'a player'}`;
    case 'distribute_profits': return `Distribute ${String(p.amount)} ${String(p.resource)} by contribution`;
    case 'kick': return `Kick ${names.get(String(p.playerId)) ?? 'a member'}`;
    case 'change_recruitment': return `Recruitment → ${String(p.recruitment)}`;
    case 'declare_siege': return `Declare siege on ${String(p.territoryId)}`;
    default: return d.kind;
  }
}

function Decisions({ squad, me }: { squad: SquadView; me: string }) {
  const now = useNow();
  const names = new Map(squad.members.map((m) => [m.id, m.name]));
  const [kind, setKind] = useState('spend');
  const [resource, setResource] = useState('resistance_credits');
  const [amount, setAmount] = useState('');
  const [target, setTarget] = useState('');
  const [recruitment, setRecruitment] = useState('open');
  const propose = () => {
    if (kind === 'spend') sendSquad('propose', { kind, resource, amount, toPlayerId: target });
    else if (kind === 'distribute_profits') sendSquad('propose', { kind, resource, amount });
    else if (kind === 'kick') sendSquad('propose', { kind, playerId: target });
    else if (kind === 'change_recruitment') sendSquad('propose', { kind, recruitment });
    else sendSquad('propose', { kind, territoryId: target });
  };
  return (
    <section>
      <h4>Decisions</h4>
      <ul className="squad-decisions">
        {squad.decisions.map((d) => (
          <li key={d.id} data-testid={`decision-${d.id}`}>
            <div>{describeDecision(d, names)}</div>
            <div>
              yes {d.yes} · no {d.no} · {d.status === 'open' ? `closes in ${Math.max(0, Math.ceil((d.closesAt - now) / 1000))} s` : d.status}
              {d.result ? ` — ${d.result}` : ''}
            </div>
            {d.status === 'open' ? (
              <div>
                <button className={d.votes[me] === 'yes' ? 'chosen' : ''} onClick={() => sendSquad('vote', { decisionId: d.id, yes: true })}>Yes</button>
                <button className={d.votes[me] === 'no' ? 'chosen' : ''} onClick={() => sendSquad('vote', { decisionId: d.id, yes: false })}>No</button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="squad-propose">
        <select value={kind} onChange={(e) => setKind(e.target.value)}>
          {['spend', 'distribute_profits', 'kick', 'change_recruitment', 'declare_siege'].map((k) => <option key={k} value={k}>{k}</option>)}
        </select>
        {kind === 'spend' || kind === 'distribute_profits' ? (
          <>
            <select value={resource} onChange={(e) => setResource(e.target.value)}>
              {RESOURCES.map((r) => <option key={r} value={r}>{r}</option>)}
            </select>
            <input inputMode="numeric" placeholder="Amount" value={amount} onChange={(e) => setAmount(e.target.value.trim())} />
          </>
        ) : null}
        {kind === 'spend' || kind === 'kick' ? (
          <select value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">— member —</option>
            {squad.members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        ) : null}
        {kind === 'declare_siege' ? <input placeholder="Territory id" value={target} onChange={(e) => setTarget(e.target.value)} /> : null}
        {kind === 'change_recruitment' ? (
          <select value={recruitment} onChange={(e) => setRecruitment(e.target.value)}>
            {['open', 'application', 'closed'].map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        ) : null}
        <button onClick={propose}>Propose</button>
      </div>
    </section>
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
    <section className="squad-chat">
      <h4>Chat</h4>
      {!exhausted ? <button onClick={() => void loadOlderChat()}>Older messages</button> : null}
      <ol data-testid="squad-chat-lines">
        {chat.map((l) => <li key={l.id}><strong>{l.name}</strong>: {l.body}</li>)}
      </ol>
      <form onSubmit={send}>
        <input value={body} maxLength={500} placeholder="Message your squad" onChange={(e) => setBody(e.target.value)} />
        <button type="submit">Send</button>
      </form>
    </section>
  );
}

export function SquadPanel({ token }: { token: string }) {
  useEffect(() => void loadSquad(token), [token]);
  const status = useStore(squadStore, (s) => s.status);
  const squad = useStore(squadStore, (s) => s.squad);
  const me = useStore(squadStore, (s) => s.me);
  if (status === 'squadless') return <Squadless />;
  if (!squad || status !== 'connected') return <p>{status === 'error' ? 'Squads are unavailable right now.' : 'Loading squad…'}</p>;
  return (
    <div className="squad-panel">
      <header>
        <h3>{squad.name}</h3>
        <div>{squad.type} · level {squad.level} ({squad.levelName}, {squad.points} points) · {squad.recruitment}</div>
        {squad.motto ? <div className="motto">{squad.motto}</div> : null}
        {squad.perks.length > 0 ? <div>Perks: {squad.perks.join(', ')}</div> : null}
      </header>
      <Roster squad={squad} me={me} />
      <Treasury squad={squad} />
      <Decisions squad={squad} me={me} />
      <Chat />
    </div>
  );
}
