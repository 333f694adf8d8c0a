/**
 * Profile and codex (GAME §1, §2, §5): my reputation, influence with its multipliers, rank
 * progress, unlocks reached and next, titles, specializations, badges, combat rating, squad and
 * mentorship; any player's public profile by name, with the endorsement form; the achievement
 * codex with rarity and the share of players who hold each badge (secret ones [CLASSIFIED]).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import type { CodexEntryDto, ProgressionProfileDto } from '@datavism/shared-schema';
import {
  Badge, Button, Empty, ErrorNote, Facts, Field, FormErrors, FormRow, Loading, ProgressBar, Section, Table, Tabs,
} from '../../ui/kit';
import {
  DIMENSIONS, closeLookup, dimensionName, endorse, loadProgression, lookUpPlayer, progressionStore, shareText, words,
} from './progressionStore';

const RARITY_TONE: Record<string, 'neutral' | 'ok' | 'signal' | 'accent' | 'contested' | 'ac'> = {
  common: 'neutral', uncommon: 'ok', rare: 'signal', epic: 'accent', legendary: 'contested', mythic: 'ac',
};

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

function ProfileView({ p }: { p: ProgressionProfileDto }) {
  const multipliers = [
    p.influence.applied.firstBlood && '×1.5 first blood',
    p.influence.applied.massAwakening && '×1.3 mass awakening',
    p.influence.applied.squadLeader && '×1.2 squad leader',
  ].filter(Boolean) as string[];
  return (
    <div data-testid={`profile-${p.self ? 'mine' : 'player'}`}>
      <Section title={p.name} aside={<Badge tone="accent" testId="profile-rank">{p.rank.name}</Badge>}>
        <Facts items={[
          { label: 'Influence', value: <span className="num" data-testid="profile-influence">{fmt(p.influence.value)}</span> },
          { label: 'Base × multipliers', value: <span className="num">{fmt(p.influence.base)} × {p.influence.multiplier}</span> },
          { label: 'Level', value: <span className="num" data-testid="profile-level">{p.level}</span> },
          { label: 'Combat rating', value: <span className="num" data-testid="profile-combat">{fmt(p.combatRating)}</span> },
          p.self && p.daysActive !== undefined && { label: 'Days active', value: <span className="num">{p.daysActive}</span> },
          p.self && p.xp !== undefined && { label: 'XP', value: <span className="num">{fmt(p.xp)} / {fmt(p.xpForNextLevel ?? 0)}</span> },
        ]} />
        {multipliers.length ? <div className="chips">{multipliers.map((m) => <Badge key={m} tone="signal">{m}</Badge>)}</div> : null}
        <ProgressBar
          testId="profile-rank-progress"
          label={p.rank.next ? 'Next rank' : 'Legend'}
          value={p.rank.progress}
          detail={p.rank.next ? `${fmt(p.rank.missing)} influence to ${p.rank.next.name} (reached at ${fmt(p.rank.next.minInfluence)})` : 'Highest rank'}
        />
      </Section>
      <Section title="Reputation">
        <Facts testId="profile-reputation" items={DIMENSIONS.map((d) => ({
          label: dimensionName(d), value: <span className="num">{p.reputation[d] ?? 0}</span>, testId: `profile-dim-${d}`,
        }))} />
      </Section>
      <Section title="Titles and specializations">
        {p.titles.length + p.specializations.length === 0 ? <Empty>No titles or specializations yet.</Empty> : (
          <div className="chips" data-testid="profile-titles">
            {p.titles.map((t) => <Badge key={t} tone="contested">{t.replace(/_/g, ' ')}</Badge>)}
            {p.specializations.map((s) => <Badge key={s} tone="ok">{words(s)}</Badge>)}
          </div>
        )}
        <div className="muted small">
          Investigations led {p.record.investigationsLed} · students mentored {p.record.studentsMentored} · content passed {p.record.contentPassed}
          {' '}· peer reputation {p.record.endorsementPoints} · players rewarded by operations led {p.record.playersRewarded}
        </div>
      </Section>
      <Section title="Unlocks">
        <div className="chips" data-testid="profile-unlocks">
          {p.unlocks.reached.length === 0 ? <span className="muted small">None yet.</span> : p.unlocks.reached.map((u) => <Badge key={u} tone="ok">{words(u)}</Badge>)}
        </div>
        {p.unlocks.next.length ? (
          <div className="muted small" data-testid="profile-next-unlocks">
            Next at influence {p.unlocks.next[0].minInfluence}: {p.unlocks.next.map((u) => words(u.id)).join(', ')}
          </div>
        ) : null}
      </Section>
      <Section title="Badges">
        {p.badges.length === 0 ? <Empty>No badges yet: the codex shows how to earn them.</Empty> : (
          <div className="chips" data-testid="profile-badges">
            {p.badges.map((b) => (
              <Badge key={b.achievementId} tone={RARITY_TONE[b.rarity] ?? 'neutral'} title={`${b.rarity}, held by ${shareText(b.holdersBps)} of players`} testId={`badge-${b.achievementId}`}>
                {b.title}
              </Badge>
            ))}
          </div>
        )}
      </Section>
      <Section title="Squad">
        {p.squad ? (
          <Facts testId="profile-squad" items={[
            { label: 'Squad', value: `${p.squad.name} (${words(p.squad.type)})` },
            { label: 'Role', value: words(p.squad.role) },
            { label: 'Level', value: `${p.squad.level} — ${p.squad.levelName}` },
            { label: 'Members', value: <span className="num">{p.squad.memberCount} / {p.squad.maxMembers}{p.squad.active ? '' : ' (not active yet)'}</span> },
            { label: 'Missions completed', value: <span className="num">{p.squad.missionsCompleted}</span> },
            { label: 'Perks', value: p.squad.perks.length ? p.squad.perks.map(words).join(', ') : 'none yet' },
          ]} />
        ) : <Empty>Not in a squad.</Empty>}
      </Section>
      {p.mentorship ? (
        <Section title="Mentorship">
          <div className="muted small">{p.mentorship.studentsMentored} mentees graduated{p.mentorship.masterTeacher ? ' · Master Teacher' : ''}</div>
        </Section>
      ) : null}
    </div>
  );
}

function EndorseForm({ token, target }: { token: string; target: ProgressionProfileDto }) {
  const status = useStore(progressionStore, (s) => s.endorsements);
  const mine = useStore(progressionStore, (s) => s.mine);
  const err = useStore(progressionStore, (s) => (s.errorFor === 'endorse' ? s.lastError : null));
  const busy = useStore(progressionStore, (s) => s.busy);
  const [dimension, setDimension] = useState(DIMENSIONS[0]);
  const cooldown = status?.cooldowns.find((c) => c.playerId === target.id);
  const tooLow = mine !== null && status !== null && mine.influence.total < status.minInfluence;
  const submit = (e: FormEvent) => { e.preventDefault(); void endorse(token, target.id, dimension); };
  return (
    <form className="kit-form" data-testid="endorse-form" onSubmit={submit}>
      <FormRow>
        <Field label="Dimension">
          <select value={dimension} onChange={(e) => setDimension(e.target.value)}>
            {DIMENSIONS.map((d) => <option key={d} value={d}>{dimensionName(d)}</option>)}
          </select>
        </Field>
      </FormRow>
      <div className="muted small">
        {tooLow ? `Endorsing needs influence ${status!.minInfluence}.` : status?.endorsedToday ? 'You already endorsed someone today.'
          : cooldown ? `You endorsed ${target.name} recently: again after ${new Date(cooldown.until).toLocaleString()}.` : '+10 to the chosen dimension, once a day.'}
      </div>
      <FormErrors error={err} />
      <div><Button type="submit" variant="primary" busy={busy}>Endorse {target.name}</Button></div>
    </form>
  );
}

function Lookup({ token }: { token: string }) {
  const viewed = useStore(progressionStore, (s) => s.viewed);
  const err = useStore(progressionStore, (s) => (s.errorFor === 'lookup' ? s.lastError : null));
  const [name, setName] = useState('');
  return (
    <>
      <form className="kit-form-row align-end" onSubmit={(e) => { e.preventDefault(); void lookUpPlayer(token, name); }}>
        <Field label="Look up a player" className="grow">
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={24} placeholder="Name" data-testid="profile-lookup" />
        </Field>
        <Button type="submit" disabled={name.trim() === ''}>Show</Button>
      </form>
      {err ? <ErrorNote error={err} /> : null}
      {viewed && !viewed.self ? (
        <>
          <div className="card-actions"><Button size="sm" onClick={closeLookup}>Back to my profile</Button></div>
          <ProfileView p={viewed} />
          <Section title="Endorse"><EndorseForm token={token} target={viewed} /></Section>
        </>
      ) : null}
    </>
  );
}

function Codex({ entries }: { entries: readonly CodexEntryDto[] }) {
  return (
    <Table compact caption="Achievements" testId="codex" rows={entries} rowKey={(e) => e.id}
      rowClassName={(e) => (e.earned ? 'is-earned' : undefined)}
      columns={[
        {
          key: 'title', header: 'Achievement · how', cell: (e) => (
            <><span data-testid={`codex-${e.id}`}>{e.earned ? '★ ' : ''}{e.title}</span><div className="muted small">{e.condition}</div></>
          ),
        },
        { key: 'xp', header: 'XP', align: 'right', cell: (e) => (e.xp ? fmt(e.xp) : '—') },
        { key: 'rarity', header: 'Badge', cell: (e) => (e.rarity ? <Badge tone={RARITY_TONE[e.rarity] ?? 'neutral'}>{e.rarity}</Badge> : '—') },
        { key: 'share', header: 'Held by', align: 'right', cell: (e) => shareText(e.holdersBps) },
      ]} />
  );
}

export function ProgressionPanel({ token }: { token: string }) {
  const [tab, setTab] = useState<'profile' | 'codex' | 'players'>('profile');
  const { mine, codex, lastError, errorFor } = useStore(progressionStore);
  useEffect(() => { void loadProgression(token); }, [token]);
  const failed = errorFor === 'load' && !mine;
  return (
    <div className="progression-panel" data-testid="progression-panel">
      <Tabs label="Profile" value={tab} onChange={setTab} testId="progression-tabs" tabs={[
        { id: 'profile', label: 'My profile' },
        { id: 'codex', label: 'Codex', badge: codex ? `${codex.earned}/${codex.total}` : undefined },
        { id: 'players', label: 'Players' },
      ]} />
      {failed ? <ErrorNote error={lastError} onRetry={() => void loadProgression(token)} /> : !mine || !codex ? <Loading label="Loading your profile…" /> : (
        tab === 'profile' ? <ProfileView p={mine} /> : tab === 'codex' ? <Codex entries={codex.achievements} /> : <Lookup token={token} />
      )}
    </div>
  );
}

export default ProgressionPanel;
