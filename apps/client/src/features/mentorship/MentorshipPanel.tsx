/**
 * Mentorship (GAME §8.3): find a mentor (what I ask for, the offers ≥ 0.7 best first), follow my
 * pairing (lessons, skill growth, progress to graduation, rating), and — at influence 1000 —
 * mentor others (requests, lessons to assign, graduation, rating the mentee).
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { MentoringPreferencesBody, MentoringPreferencesDto, MentorOfferDto, PairingDto } from '@datavism/shared-schema';
import { Badge, Button, Empty, ErrorNote, Facts, Field, FormRow, Loading, Locked, ProgressBar, Section, Table, type Column } from '../../ui/kit';
import {
  askForMentor, assignLesson, graduate, loadMentorship, mentorshipStore, pairingAction, pairingsAs, rate, registerAsMentor, requestMentor,
} from './mentorshipStore';

const STYLES: { id: MentoringPreferencesBody['style']; label: string }[] = [
  { id: 'structured', label: 'Structured' }, { id: 'hands_on', label: 'Hands-on' },
  { id: 'socratic', label: 'Socratic' }, { id: 'exploratory', label: 'Exploratory' },
];
const OFFSETS = Array.from({ length: 27 }, (_, i) => i - 12);
const DIMENSIONS: [keyof NonNullable<PairingDto['growth']>, string][] = [
  ['technicalMastery', 'Technical mastery'], ['truthScore', 'Truth score'], ['impactRating', 'Impact rating'],
  ['teachingHonor', 'Teaching honor'], ['artisticVision', 'Artistic vision'],
];
const STATUS_TONE: Record<PairingDto['status'], 'signal' | 'ok' | 'neutral' | 'contested'> = {
  requested: 'signal', active: 'ok', graduated: 'contested', declined: 'neutral', ended: 'neutral',
};
const utc = (h: number) => `UTC${h >= 0 ? '+' : '−'}${Math.abs(h)}`;
const pct = (x: number) => `${Math.round(x * 100)} %`;

/** Time zone, languages and style: the mentor's offer or the mentee's ask. */
function PreferencesForm({ initial, submit, label, testId }: {
  initial: MentoringPreferencesDto | null; submit: (p: MentoringPreferencesBody) => Promise<boolean>; label: string; testId: string;
}) {
  const [timeZone, setTimeZone] = useState(initial?.timeZone ?? -Math.round(new Date().getTimezoneOffset() / 60));
  const [languages, setLanguages] = useState((initial?.languages ?? ['en']).join(', '));
  const [style, setStyle] = useState<MentoringPreferencesBody['style']>(initial?.style ?? 'hands_on');
  const busy = useStore(mentorshipStore, (s) => s.busy);
  const codes = languages.split(/[\s,]+/).map((l) => l.trim().toLowerCase()).filter(Boolean);
  return (
    <form className="kit-form" data-testid={testId} onSubmit={(e) => { e.preventDefault(); void submit({ timeZone, languages: codes, style }); }}>
      <FormRow align="start">
        <Field label="Time zone">
          <select value={timeZone} onChange={(e) => setTimeZone(Number(e.target.value))}>
            {OFFSETS.map((h) => <option key={h} value={h}>{utc(h)}</option>)}
          </select>
        </Field>
        <Field label="Languages" hint="Codes, comma-separated (en, de, fr)">
          <input value={languages} onChange={(e) => setLanguages(e.target.value)} />
        </Field>
        <Field label="Style">
          <select value={style} onChange={(e) => setStyle(e.target.value as MentoringPreferencesBody['style'])}>
            {STYLES.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
          </select>
        </Field>
      </FormRow>
      <div><Button type="submit" variant="primary" busy={busy} disabled={codes.length === 0}>{label}</Button></div>
    </form>
  );
}

function Growth({ pairing, skillPoints }: { pairing: PairingDto; skillPoints: number }) {
  if (!pairing.growth) return null;
  const g = pairing.growth;
  return (
    <Facts items={DIMENSIONS.map(([key, name]) => ({
      label: name,
      value: <span className="num">{g[key] >= 0 ? '+' : ''}{g[key]}{g[key] >= skillPoints ? ' ✓' : ''}</span>,
    }))} />
  );
}

function Ratings({ token, pairing }: { token: string; pairing: PairingDto }) {
  if (pairing.status !== 'graduated') return null;
  const mine = pairing.role === 'mentee' ? pairing.mentorRating : pairing.menteeRating;
  const whom = pairing.role === 'mentee' ? 'your mentor' : 'your mentee';
  if (mine !== null) return <div className="muted small">You rated {whom} {mine}/5.</div>;
  return (
    <div data-testid="mentorship-rate">
      <span className="muted small">Rate {whom}: </span>
      {[1, 2, 3, 4, 5].map((n) => <Button key={n} size="sm" variant="ghost" onClick={() => void rate(token, pairing.id, n)}>{n}</Button>)}
    </div>
  );
}

function PairingCard({ token, pairing }: { token: string; pairing: PairingDto }) {
  const overview = useStore(mentorshipStore, (s) => s.overview);
  const challenges = useStore(mentorshipStore, (s) => s.challenges);
  const [lesson, setLesson] = useState('');
  if (!overview) return null;
  const other = pairing.role === 'mentor' ? pairing.mentee : pairing.mentor;
  const need = overview.graduation;
  const assignable = challenges.filter((c) => !pairing.lessons.some((l) => l.challengeId === c.id));
  const open = pairing.status === 'requested' || pairing.status === 'active';
  return (
    <Section title={<>{pairing.role === 'mentor' ? 'Mentee' : 'Mentor'} {other.name}</>} testId={`pairing-${pairing.id}`}
      aside={<Badge tone={STATUS_TONE[pairing.status]} testId="pairing-status">{pairing.status}</Badge>}>
      <Facts items={[
        { label: 'Compatibility', value: <span className="num">{pct(pairing.compatibility)}</span> },
        pairing.startedAt !== null && { label: 'Lessons', value: <span className="num" data-testid="pairing-lessons">{pairing.lessonsCompleted}</span> },
        pairing.startedAt !== null && { label: 'Co-op challenges', value: <span className="num">{pairing.coopChallenges}</span> },
        pairing.startedAt !== null && { label: 'Skills improved', value: <span className="num">{pairing.skillsImproved}</span> },
      ]} />
      {pairing.status === 'active' ? (
        <>
          <ProgressBar label="Lessons to graduate" value={pairing.lessonsCompleted / need.lessons} detail={`${Math.min(pairing.lessonsCompleted, need.lessons)} / ${need.lessons}`} size="sm" />
          <ProgressBar label={`Skills +${need.skillPoints}`} value={pairing.skillsImproved / need.skillsImproved} detail={`${Math.min(pairing.skillsImproved, need.skillsImproved)} / ${need.skillsImproved}`} size="sm" />
        </>
      ) : null}
      <Growth pairing={pairing} skillPoints={need.skillPoints} />
      {pairing.lessons.length > 0 ? (
        <Table compact caption="Lessons" rows={pairing.lessons} rowKey={(l) => l.challengeId} columns={[
          { key: 'title', header: 'Lesson', cell: (l) => l.title },
          { key: 'done', header: 'Done', cell: (l) => (l.completedAt ? <Badge tone="ok">solved</Badge> : <Badge>open</Badge>) },
        ]} />
      ) : null}
      {pairing.role === 'mentor' && pairing.status === 'requested' ? (
        <FormRow>
          <Button variant="primary" testId="mentorship-accept" onClick={() => void pairingAction(token, pairing.id, 'accept')}>Accept</Button>
          <Button onClick={() => void pairingAction(token, pairing.id, 'decline')}>Decline</Button>
        </FormRow>
      ) : null}
      {pairing.role === 'mentor' && pairing.status === 'active' ? (
        <FormRow>
          <Field label="Assign a challenge">
            <select value={lesson} onChange={(e) => setLesson(e.target.value)}>
              <option value="">Choose an open challenge…</option>
              {assignable.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
            </select>
          </Field>
          <Button disabled={!lesson} onClick={() => void assignLesson(token, pairing.id, lesson).then((ok) => ok && setLesson(''))}>Assign lesson</Button>
          <Button variant="primary" testId="mentorship-graduate"
            disabled={pairing.lessonsCompleted < need.lessons || pairing.skillsImproved < need.skillsImproved}
            onClick={() => void graduate(token, pairing.id)}>Graduate</Button>
        </FormRow>
      ) : null}
      {pairing.role === 'mentee' && pairing.status === 'active' ? (
        <div className="muted small">+20 % XP while mentored. Solve the lessons your mentor assigns in the Intel panel.</div>
      ) : null}
      <Ratings token={token} pairing={pairing} />
      {open ? <Button size="sm" variant="ghost" onClick={() => void pairingAction(token, pairing.id, 'end')}>End mentorship</Button> : null}
    </Section>
  );
}

function Offers({ token, offers }: { token: string; offers: MentorOfferDto[] }) {
  const columns: Column<MentorOfferDto>[] = [
    { key: 'name', header: 'Mentor', cell: (o) => o.name },
    { key: 'score', header: 'Match', cell: (o) => <span className="num">{pct(o.score)}</span>, align: 'right' },
    { key: 'parts', header: 'Skills / time / language / style', cell: (o) => <span className="muted small num">{pct(o.parts.skillGap)} · {pct(o.parts.timeZone)} · {o.parts.language ? 'yes' : 'no'} · {o.parts.style ? 'yes' : 'no'}</span> },
    { key: 'load', header: 'Mentees', cell: (o) => <span className="num">{o.activeMentees}</span>, align: 'right' },
    { key: 'ask', header: '', cell: (o) => <Button size="sm" variant="primary" onClick={() => void requestMentor(token, o.mentorId)}>Ask</Button> },
  ];
  return <Table testId="mentorship-offers" caption="Mentors for you" columns={columns} rows={offers} rowKey={(o) => o.mentorId} empty="No mentor matches you at 70 % or more yet." />;
}

export function MentorshipPanel({ token }: { token: string }) {
  const overview = useStore(mentorshipStore, (s) => s.overview);
  const error = useStore(mentorshipStore, (s) => s.lastError);
  useEffect(() => { void loadMentorship(token); }, [token]);
  if (!overview) return error ? <ErrorNote error={error} onRetry={() => void loadMentorship(token)} /> : <Loading />;

  const asMentee = pairingsAs(overview, 'mentee');
  const asMentor = pairingsAs(overview, 'mentor');
  const openAsMentee = asMentee.some((p) => p.status === 'requested' || p.status === 'active');
  const mayMentor = overview.influence >= overview.mentorMinInfluence;
  const activeMentees = asMentor.filter((p) => p.status === 'active').length;
  return (
    <div data-testid="mentorship-panel">
      <Section>
        <Facts items={[
          { label: 'Influence', value: <span className="num">{Math.floor(overview.influence).toLocaleString('en-US')}</span> },
          { label: 'Maintenance points', value: <span className="num" data-testid="mentorship-maintenance">{overview.maintenancePoints}</span> },
          overview.mentorProfile !== null && { label: 'Mentees', value: <span className="num">{activeMentees} / {overview.maxMentees}</span> },
        ]} />
        <div className="muted small">
          A mentee graduates after {overview.graduation.lessons} lessons with a skill up {overview.graduation.skillPoints}; the mentor earns
          100 teaching honor per skill improved and 50 influence points per point of the mentee’s rating.
        </div>
      </Section>

      <Section title="My mentor" testId="mentorship-mentee">
        {asMentee.length === 0 ? <Empty>You have no mentor yet.</Empty> : asMentee.map((p) => <PairingCard key={p.id} token={token} pairing={p} />)}
        {openAsMentee ? null : (
          <>
            <PreferencesForm initial={overview.ask} submit={(p) => askForMentor(token, p)} label={overview.ask ? 'Update what I ask' : 'Find a mentor'} testId="mentorship-ask" />
            {overview.ask ? <Offers token={token} offers={overview.offers} /> : null}
          </>
        )}
      </Section>

      <Section title="Mentoring" testId="mentorship-mentor">
        {!mayMentor && overview.mentorProfile === null ? (
          <Locked what="Mentoring" need={`${overview.mentorMinInfluence} influence`} have={Math.floor(overview.influence)} />
        ) : (
          <>
            <PreferencesForm initial={overview.mentorProfile} submit={(p) => registerAsMentor(token, p)}
              label={overview.mentorProfile ? 'Update my mentor profile' : 'Register as mentor'} testId="mentorship-register" />
            {asMentor.length === 0
              ? <Empty>No mentee has asked for you yet.</Empty>
              : asMentor.map((p) => <PairingCard key={p.id} token={token} pairing={p} />)}
          </>
        )}
      </Section>
    </div>
  );
}
