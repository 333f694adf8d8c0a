/**
 * Intel board (submit a fragment, confirm pending claims, verified patterns) and challenges
 * (prompt, data table, answer box; custom challenges from influence 100, locked with what
 * unlocks them below it). Every player string is rendered as React text, never as HTML.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import type { ChallengeDto, IntelClaimDto } from '@datavism/shared-schema';
import { useSession } from '../../ui/hooks';
import {
  Badge, Button, Countdown, Empty, Field, FormErrors, FormRow, Loading, Locked, Section, Table, Tabs,
} from '../../ui/kit';
import {
  buyHint, confirmClaim, createChallenge, intelStore, refreshChallenges, refreshIntel, selectCategory, solveChallenge, submitFragment,
} from './intelStore';

/** GAME §1: custom challenges unlock at influence 100. */
const CUSTOM_CHALLENGE_INFLUENCE = 100;

function ErrorsFor({ action }: { action: 'submit' | 'confirm' | 'solve' | 'create' | 'hint' }) {
  const err = useStore(intelStore, (s) => (s.errorFor === action ? s.lastError : null));
  return <FormErrors error={err} />;
}

function SubmitForm({ token }: { token: string }) {
  const categories = useStore(intelStore, (s) => s.categories);
  const busy = useStore(intelStore, (s) => s.busy);
  const [category, setCategory] = useState('surveillance');
  const [claim, setClaim] = useState('');
  const [evidence, setEvidence] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await submitFragment(token, category, claim, evidence)) { setClaim(''); setEvidence(''); }
  };
  return (
    <form className="kit-form" data-testid="intel-submit" onSubmit={(e) => void submit(e)}>
      <FormRow>
        <Field label="Category">
          <input list="intel-categories" value={category} onChange={(e) => setCategory(e.target.value)} maxLength={32} />
        </Field>
        <Field label="Claim" error={claim && claim.trim().length < 3 ? 'At least 3 characters.' : null}>
          <input value={claim} onChange={(e) => setClaim(e.target.value)} maxLength={280} placeholder="What did you find?" />
        </Field>
      </FormRow>
      <datalist id="intel-categories">{categories.map((c) => <option key={c} value={c} />)}</datalist>
      <Field label="Evidence" hint={`${evidence.length}/2000 — a claim already on the board counts as your confirmation.`}>
        <textarea value={evidence} onChange={(e) => setEvidence(e.target.value)} maxLength={2000} rows={3} />
      </Field>
      <ErrorsFor action="submit" />
      <div><Button type="submit" variant="primary" busy={busy} disabled={claim.trim().length < 3}>Submit the fragment</Button></div>
    </form>
  );
}

function ClaimRow({ token, c }: { token: string; c: IntelClaimDto }) {
  const [evidence, setEvidence] = useState('');
  return (
    <li className="card" data-testid={`claim-${c.id}`}>
      <div className="card-head">
        <span><Badge tone="signal">{c.category.replace(/_/g, ' ')}</Badge> {c.claimText}</span>
      </div>
      <div className="muted small">by {c.submitterName} · {c.confirmations} confirmation{c.confirmations === 1 ? '' : 's'} of 3</div>
      {c.verifiedAt === null && !c.confirmedByMe ? (
        <form className="kit-form-row align-end" onSubmit={(e) => { e.preventDefault(); void confirmClaim(token, c.id, evidence); }}>
          <Field label="Your evidence (optional)" className="grow">
            <input value={evidence} onChange={(e) => setEvidence(e.target.value)} maxLength={2000} />
          </Field>
          <Button type="submit">Confirm</Button>
        </form>
      ) : c.verifiedAt === null ? <Badge tone="ok">You confirmed this</Badge> : null}
    </li>
  );
}

function IntelBoard({ token }: { token: string }) {
  const { categories, category, pending, verified, loaded } = useStore(intelStore);
  if (!loaded.intel) return <Loading label="Loading the intel board…" />;
  return (
    <>
      <Section title="Submit a fragment"><SubmitForm token={token} /></Section>
      <Section title="Pending claims" aside={(
        <select className="kit-input compact" aria-label="Category" value={category} onChange={(e) => selectCategory(token, e.target.value)}>
          <option value="">All categories</option>
          {categories.map((c) => <option key={c} value={c}>{c.replace(/_/g, ' ')}</option>)}
        </select>
      )}>
        <ErrorsFor action="confirm" />
        {pending.length === 0 ? <Empty>No claims waiting for confirmation. Submit what you found.</Empty> : (
          <ul className="plain-list">{pending.map((c) => <ClaimRow key={c.id} token={token} c={c} />)}</ul>
        )}
      </Section>
      <Section title="Verified patterns">
        <Table compact caption="Verified patterns" rows={verified} rowKey={(c) => c.id} empty="No verified patterns yet: three resistants from two squads make one."
          columns={[
            { key: 'c', header: 'Category', cell: (c) => <Badge tone="signal">{c.category.replace(/_/g, ' ')}</Badge> },
            { key: 't', header: 'Claim', cell: (c) => c.claimText },
            { key: 'n', header: 'Contributors', align: 'right', cell: (c) => c.confirmations },
            { key: 'o', header: '', align: 'right', cell: (c) => (c.operationId ? <Badge tone="accent">investigation open</Badge> : null) },
          ]} />
      </Section>
    </>
  );
}

function ChallengeView({ token, c }: { token: string; c: ChallengeDto }) {
  const [answer, setAnswer] = useState('');
  const hint = useStore(intelStore, (s) => s.hints[c.id]);
  return (
    <li className="card" data-testid={`challenge-${c.id}`}>
      <div className="card-head">
        <strong>{c.title}</strong>
        {c.solvedByMe ? <Badge tone="ok">Solved</Badge> : <Badge tone="signal">{c.kind === 'custom' ? `${c.rewardPoints} points` : `difficulty ${c.difficulty}`}</Badge>}
      </div>
      <p className="prose">{c.description}</p>
      <div className="muted small">{c.solves} solved · closes <Countdown to={c.endsAt} /></div>
      {c.data ? (
        <Table compact caption="Challenge data" rows={c.data.records} rowKey={(r) => String(r.id)}
          columns={c.data.columns.map((col) => ({
            key: col, header: col, align: 'right' as const,
            cell: (r) => String((r as unknown as Record<string, unknown>)[col] ?? ''),
          }))} />
      ) : null}
      {c.solvedByMe ? null : (
        <form className="kit-form-row align-end" onSubmit={async (e) => { e.preventDefault(); if (await solveChallenge(token, c.id, answer)) setAnswer(''); }}>
          <Field label="Answer" className="grow">
            <input value={answer} onChange={(e) => setAnswer(e.target.value)} maxLength={200} data-testid="challenge-answer" />
          </Field>
          <Button type="submit" variant="primary" disabled={answer.trim() === ''}>Solve</Button>
          {hint ? null : <Button type="button" testId="challenge-hint" onClick={() => void buyHint(token, c.id)}
            title="Unlocking a dataset costs data credits (once per challenge)">Hint</Button>}
        </form>
      )}
      {hint ? <p className="muted small" data-testid="challenge-hint-text">Hint: {hint.text}</p> : null}
    </li>
  );
}

function CustomChallengeForm({ token }: { token: string }) {
  const influence = useSession((s) => s.profile?.influence ?? 0);
  const busy = useStore(intelStore, (s) => s.busy);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [answer, setAnswer] = useState('');
  const [points, setPoints] = useState('100');
  const [hours, setHours] = useState('24');
  if (influence < CUSTOM_CHALLENGE_INFLUENCE) {
    return <Locked what="Creating your own challenges" need={`influence ${CUSTOM_CHALLENGE_INFLUENCE}`} have={Math.floor(influence).toLocaleString()} testId="custom-challenge-locked" />;
  }
  const p = Number(points);
  const h = Number(hours);
  const pointsError = points && !(Number.isInteger(p) && p >= 1 && p <= influence) ? `Whole points from 1 to your influence (${Math.floor(influence)}).` : null;
  const hoursError = hours && !(h > 0 && h <= 24 * 30) ? 'Between 1 hour and 30 days.' : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pointsError || hoursError) return;
    const endsAt = new Date(Date.now() + h * 3_600_000).toISOString();
    if (await createChallenge(token, { title, description, answer, rewardPoints: p, endsAt })) { setTitle(''); setDescription(''); setAnswer(''); }
  };
  return (
    <form className="kit-form" onSubmit={(e) => void submit(e)} data-testid="custom-challenge">
      <Field label="Title" error={title && title.length < 3 ? 'At least 3 characters.' : null}>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} />
      </Field>
      <Field label="Description"><textarea value={description} onChange={(e) => setDescription(e.target.value)} maxLength={4000} rows={3} /></Field>
      <FormRow>
        <Field label="Answer"><input value={answer} onChange={(e) => setAnswer(e.target.value)} maxLength={200} /></Field>
        <Field label="Reward points" error={pointsError}><input type="number" min={1} value={points} onChange={(e) => setPoints(e.target.value)} /></Field>
        <Field label="Open for (hours)" error={hoursError}><input type="number" min={1} value={hours} onChange={(e) => setHours(e.target.value)} /></Field>
      </FormRow>
      <ErrorsFor action="create" />
      <div><Button type="submit" variant="primary" busy={busy} disabled={title.length < 3 || answer === '' || Boolean(pointsError || hoursError)}>Open the challenge</Button></div>
    </form>
  );
}

function Challenges({ token }: { token: string }) {
  const { today, open, loaded } = useStore(intelStore);
  if (!loaded.challenges) return <Loading label="Loading challenges…" />;
  const others = open.filter((c) => c.id !== today?.id);
  return (
    <>
      <ErrorsFor action="solve" />
      <ErrorsFor action="hint" />
      <Section title="Today's challenge">
        {today ? <ul className="plain-list"><ChallengeView token={token} c={today} /></ul> : <Empty>No challenge for your level today.</Empty>}
      </Section>
      <Section title="Open challenges">
        {others.length === 0 ? <Empty>No other challenges are open.</Empty> : <ul className="plain-list">{others.map((c) => <ChallengeView key={c.id} token={token} c={c} />)}</ul>}
      </Section>
      <Section title="Create a challenge"><CustomChallengeForm token={token} /></Section>
    </>
  );
}

/** The Intel panel: board and challenges, one tab each. */
export function IntelPanel({ token }: { token: string }) {
  const [tab, setTab] = useState<'board' | 'challenges'>('board');
  useEffect(() => {
    void refreshIntel(token);
    void refreshChallenges(token);
  }, [token]);
  return (
    <div className="intel-panel" data-testid="intel-panel">
      <Tabs label="Intel" value={tab} onChange={setTab} testId="intel-tabs"
        tabs={[{ id: 'board', label: 'Intel board' }, { id: 'challenges', label: 'Challenges' }]} />
      {tab === 'board' ? <IntelBoard token={token} /> : <Challenges token={token} />}
    </div>
  );
}
