/**
 * The squadless view: find a squad (finder preferences → matches, or every recruiting squad)
 * and join or apply — an application shows as pending until an officer accepts it — or found
 * a squad of one's own.
 */
import { useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { SQUAD_TYPES } from '@datavism/rules';
import type { SquadSummaryDto } from '@datavism/shared-schema';
import { Badge, Button, Empty, Field, FormErrors, FormRow, Section, Table, Tabs, type Column } from '../../ui/kit';
import { formatAgo } from '../../state/time';
import { createSquad, findSquads, joinOrApply, refreshRecruiting, squadStore } from './squadStore';
import { RECRUITMENT_WORDS, squadClassLine, squadTypeLabel } from './squadWords';

const CLASSES = [
  ['tactical', 'Tactical (5–10)'], ['strategic', 'Strategic (10–25)'], ['mass', 'Mass (25–100)'], ['elite', 'Elite (3–5)'],
] as const;

function paceWords(p: number): string {
  return p < 0.34 ? 'relaxed' : p < 0.67 ? 'steady' : 'intense';
}

function SquadList({ squads, matching }: { squads: readonly SquadSummaryDto[]; matching: boolean }) {
  const sent = useStore(squadStore, (s) => s.applications);
  const busy = useStore(squadStore, (s) => s.busy);
  const now = Date.now();
  const columns: Column<SquadSummaryDto>[] = [
    {
      key: 'name', header: 'Squad', cell: (s) => (
        <div>
          <strong>{s.name}</strong>
          <div className="muted small">{squadTypeLabel(s.type)} · level {s.level}{s.motto ? ` · “${s.motto}”` : ''}</div>
        </div>
      ),
    },
    { key: 'members', header: 'Members', align: 'right', cell: (s) => `${s.memberCount}/${s.maxMembers}` },
    ...(matching ? [{ key: 'score', header: 'Match', align: 'right' as const, cell: (s: SquadSummaryDto) => (s.score !== undefined ? `${Math.round(s.score * 100)} %` : '—') }] : []),
    {
      key: 'act', header: '', align: 'right', cell: (s) => {
        const pending = sent.find((a) => a.squadId === s.id);
        if (pending) return <Badge tone="contested" title={`Sent ${formatAgo(pending.at, now)}`} testId={`application-pending-${s.id}`}>Pending</Badge>;
        if (s.recruitment === 'closed') return <Badge>Closed</Badge>;
        return (
          <Button size="sm" variant={s.recruitment === 'open' ? 'primary' : 'secondary'} disabled={busy}
            onClick={() => void joinOrApply(s)} testId={`squad-join-${s.name}`}>
            {s.recruitment === 'application' ? 'Apply' : 'Join'}
          </Button>
        );
      },
    },
  ];
  return (
    <Table
      columns={columns}
      rows={squads}
      rowKey={(s) => s.id}
      caption="Recruiting squads"
      testId="squad-list"
      empty={matching ? 'No squad matches you well enough yet (a match needs 70 %). Show every recruiting squad instead.' : 'No squad is recruiting right now. Found one!'}
    />
  );
}

function Finder() {
  const recruiting = useStore(squadStore, (s) => s.recruiting);
  const matches = useStore(squadStore, (s) => s.matches);
  const busy = useStore(squadStore, (s) => s.busy);
  const sent = useStore(squadStore, (s) => s.applications);
  const [pace, setPace] = useState(0.5);
  const [cls, setCls] = useState('tactical');
  const [tz, setTz] = useState(-new Date().getTimezoneOffset() / 60);
  const [style, setStyle] = useState('balanced');
  const find = (e: FormEvent) => {
    e.preventDefault();
    void findSquads({ activityPace: pace, preferredClass: cls, timezoneOffsetHours: tz, playStyle: style.trim() || 'balanced' });
  };
  return (
    <>
      {sent.length > 0 ? (
        <div className="note note-pending" data-testid="applications-pending">
          {sent.map((a) => (
            <div key={a.squadId}>
              Your application to <strong>{a.squadName}</strong> is pending ({formatAgo(a.at, Date.now())}). An officer has to accept it; you will be told here.
            </div>
          ))}
        </div>
      ) : null}
      <form className="kit-form" onSubmit={find} data-testid="squad-find">
        <FormRow>
          <Field label={`Pace: ${paceWords(pace)}`}>
            <input type="range" min={0} max={1} step={0.1} value={pace} onChange={(e) => setPace(Number(e.target.value))} />
          </Field>
          <Field label="Squad size">
            <select value={cls} onChange={(e) => setCls(e.target.value)}>
              {CLASSES.map(([c, label]) => <option key={c} value={c}>{label}</option>)}
            </select>
          </Field>
          <Field label="Your UTC offset (h)">
            <input type="number" min={-12} max={14} step={0.5} value={tz} onChange={(e) => setTz(Number(e.target.value))} />
          </Field>
          <Field label="Play style">
            <input value={style} maxLength={32} onChange={(e) => setStyle(e.target.value)} />
          </Field>
        </FormRow>
        <FormRow align="center">
          <Button type="submit" variant="primary" busy={busy}>Find my matches</Button>
          {matches ? <Button variant="ghost" onClick={() => { squadStore.setState({ matches: null }); void refreshRecruiting(); }}>Show all recruiting squads</Button> : null}
        </FormRow>
      </form>
      <SquadList squads={matches ?? recruiting} matching={matches !== null} />
    </>
  );
}

function Founder() {
  const busy = useStore(squadStore, (s) => s.busy);
  const lastError = useStore(squadStore, (s) => s.lastError);
  const [name, setName] = useState('');
  const [type, setType] = useState('strike_team');
  const [motto, setMotto] = useState('');
  const [recruitment, setRecruitment] = useState('open');
  const nameError = name.length > 0 && name.trim().length < 3 ? 'At least 3 characters.'
    : name && !/^[\p{L}\p{N} _'-]+$/u.test(name) ? 'Letters, digits, spaces, _ \' and - only.' : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (nameError || name.trim().length < 3) return;
    void createSquad({ name: name.trim(), type, motto: motto.trim(), recruitment });
  };
  return (
    <form className="kit-form" onSubmit={submit} data-testid="squad-create">
      <Field label="Squad name" error={nameError}>
        <input value={name} maxLength={32} onChange={(e) => setName(e.target.value)} data-testid="squad-name" />
      </Field>
      <Field label="Type" hint={`${squadClassLine(type)}. A squad is active — it can claim and besiege — once it has its class minimum.`}>
        <select value={type} onChange={(e) => setType(e.target.value)} data-testid="squad-type">
          {SQUAD_TYPES.map((t) => <option key={t} value={t}>{squadTypeLabel(t)} — {squadClassLine(t)}</option>)}
        </select>
      </Field>
      <Field label="Motto (optional)">
        <input value={motto} maxLength={140} onChange={(e) => setMotto(e.target.value)} />
      </Field>
      <Field label="Recruitment">
        <select value={recruitment} onChange={(e) => setRecruitment(e.target.value)}>
          {Object.entries(RECRUITMENT_WORDS).map(([k, w]) => <option key={k} value={k}>{w}</option>)}
        </select>
      </Field>
      {lastError ? <FormErrors error={lastError} /> : null}
      <div><Button type="submit" variant="primary" busy={busy} disabled={name.trim().length < 3 || nameError !== null} testId="squad-create-submit">Found the squad</Button></div>
    </form>
  );
}

/** The squadless view of the squad panel. */
export function SquadFinder() {
  const [tab, setTab] = useState<'find' | 'found'>('find');
  return (
    <Section>
      <Empty>You are not in a squad yet. Squads claim territory, besiege the AC and share a treasury.</Empty>
      <Tabs label="Squad" value={tab} onChange={setTab} testId="squad-tabs"
        tabs={[{ id: 'find', label: 'Find a squad' }, { id: 'found', label: 'Found a squad' }]} />
      {tab === 'find' ? <Finder /> : <Founder />}
    </Section>
  );
}
