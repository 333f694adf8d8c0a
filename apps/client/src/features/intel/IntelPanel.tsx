/**
 * Intel board (submit a fragment, confirm pending claims, verified patterns) and the challenge
 * view (prompt, data table, answer box; custom challenges for influence ≥ 100). Every player
 * string is rendered as React text, never as HTML.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { ChallengeDto, IntelClaimDto } from '@datavism/shared-schema';
import { formatCountdown } from '../../state/profileView';
import {
  confirmClaim, createChallenge, intelStore, refreshChallenges, refreshIntel, selectCategory, solveChallenge, submitFragment,
} from './intelStore';

function SubmitForm({ token }: { token: string }) {
  const categories = useStore(intelStore, (s) => s.categories);
  const [category, setCategory] = useState('surveillance');
  const [claim, setClaim] = useState('');
  const [evidence, setEvidence] = useState('');
  return (
    <form className="intel-submit" data-testid="intel-submit" onSubmit={async (e) => {
      e.preventDefault();
      if (await submitFragment(token, category, claim, evidence)) { setClaim(''); setEvidence(''); }
    }}>
      <h4>Submit a fragment</h4>
      <label>Category <input list="intel-categories" value={category} onChange={(e) => setCategory(e.target.value)} maxLength={32} /></label>
      <datalist id="intel-categories">{categories.map((c) => <option key={c} value={c} />)}</datalist>
      <label>Claim <input value={claim} onChange={(e) => setClaim(e.target.value)} maxLength={280} placeholder="what did you find?" /></label>
      <label>Evidence <textarea value={evidence} onChange={(e) => setEvidence(e.target.value)} maxLength={2000} rows={3} /></label>
      <div className="hint">{evidence.length}/2000 — a claim already on the board counts as your confirmation.</div>
      <button type="submit" disabled={claim.trim().length < 3}>Submit</button>
    </form>
  );
}

function ClaimRow({ token, c }: { token: string; c: IntelClaimDto }) {
  const [evidence, setEvidence] = useState('');
  return (
    <li className="intel-claim" data-testid={`claim-${c.id}`}>
      <div><b>[{c.category}]</b> {c.claimText}</div>
      <div className="meta">by {c.submitterName} · {c.confirmations} confirmation{c.confirmations === 1 ? '' : 's'}</div>
      {c.verifiedAt === null && !c.confirmedByMe ? (
        <form onSubmit={(e) => { e.preventDefault(); void confirmClaim(token, c.id, evidence); }}>
          <input value={evidence} onChange={(e) => setEvidence(e.target.value)} maxLength={2000} placeholder="your evidence (optional)" />
          <button type="submit">Confirm</button>
        </form>
      ) : c.verifiedAt === null ? <div className="meta">you confirmed this</div> : null}
    </li>
  );
}

function IntelBoard({ token }: { token: string }) {
  const { categories, category, pending, verified } = useStore(intelStore);
  return (
    <section className="intel-board">
      <SubmitForm token={token} />
      <h4>Pending claims</h4>
      <label>Category <select value={category} onChange={(e) => selectCategory(token, e.target.value)}>
        <option value="">all</option>
        {categories.map((c) => <option key={c} value={c}>{c}</option>)}
      </select></label>
      <ul className="intel-claims">{pending.map((c) => <ClaimRow key={c.id} token={token} c={c} />)}</ul>
      <h4>Verified patterns</h4>
      <ul className="intel-verified">{verified.map((c) => (
        <li key={c.id}><b>[{c.category}]</b> {c.claimText} <span className="meta">· {c.confirmations} contributors{c.operationId ? ' · investigation open' : ''}</span></li>
      ))}</ul>
    </section>
  );
}

function ChallengeView({ token, c, now }: { token: string; c: ChallengeDto; now: number }) {
  const [answer, setAnswer] = useState('');
  return (
    <div className="challenge" data-testid={`challenge-${c.id}`}>
      <h4>{c.title} {c.solvedByMe ? '✓' : ''}</h4>
      <p>{c.description}</p>
      <div className="meta">{c.kind === 'custom' ? `${c.rewardPoints} reward points` : `difficulty ${c.difficulty}`} · {c.solves} solved · closes in {formatCountdown(c.endsAt - now)}</div>
      {c.data ? (
        <table className="challenge-data">
          <thead><tr>{c.data.columns.map((col) => <th key={col}>{col}</th>)}</tr></thead>
          <tbody>{c.data.records.map((r) => (
            <tr key={r.id}><td>{r.id}</td><td>{r.serial}</td><td>{r.account}</td><td>{r.amount}</td><td>{r.checksum}</td></tr>
          ))}</tbody>
        </table>
      ) : null}
      {c.solvedByMe ? null : (
        <form onSubmit={async (e) => { e.preventDefault(); if (await solveChallenge(token, c.id, answer)) setAnswer(''); }}>
          <input value={answer} onChange={(e) => setAnswer(e.target.value)} maxLength={200} placeholder="answer" data-testid="challenge-answer" />
          <button type="submit" disabled={answer.trim() === ''}>Solve</button>
        </form>
      )}
    </div>
  );
}

function CustomChallengeForm({ token }: { token: string }) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [answer, setAnswer] = useState('');
  const [points, setPoints] = useState('100');
  const [hours, setHours] = useState('24');
  return (
    <form className="challenge-create" onSubmit={async (e) => {
      e.preventDefault();
      const endsAt = new Date(Date.now() + Number(hours) * 3_600_000).toISOString();
      if (await createChallenge(token, { title, description, answer, rewardPoints: Number(points), endsAt })) { setTitle(''); setDescription(''); setAnswer(''); }
    }}>
      <h4>Create a challenge (influence ≥ 100; reward ≤ your influence)</h4>
      <label>Title <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} /></label>
      <label>Description <textarea value={description} onChange={(e) => setDescription(e.target.value)} maxLength={4000} rows={3} /></label>
      <label>Answer <input value={answer} onChange={(e) => setAnswer(e.target.value)} maxLength={200} /></label>
      <label>Reward points <input type="number" min={1} value={points} onChange={(e) => setPoints(e.target.value)} /></label>
      <label>Open for (hours) <input type="number" min={1} value={hours} onChange={(e) => setHours(e.target.value)} /></label>
      <button type="submit" disabled={title.length < 3 || answer === ''}>Create</button>
    </form>
  );
}

function Challenges({ token }: { token: string }) {
  const { today, open } = useStore(intelStore);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <section className="challenges">
      {today ? <ChallengeView token={token} c={today} now={now} /> : null}
      {open.filter((c) => c.id !== today?.id).map((c) => <ChallengeView key={c.id} token={token} c={c} now={now} />)}
      <CustomChallengeForm token={token} />
    </section>
  );
}

/** The Intel panel: board and challenges, one tab each. */
export function IntelPanel({ token }: { token: string }) {
  const [tab, setTab] = useState<'board' | 'challenges'>('board');
  const lastError = useStore(intelStore, (s) => s.lastError);
  useEffect(() => {
    void refreshIntel(token);
    void refreshChallenges(token);
  }, [token]);
  return (
    <div className="intel-panel" data-testid="intel-panel">
      <div className="tabs">
        <button type="button" aria-pressed={tab === 'board'} onClick={() => setTab('board')}>Intel board</button>
        <button type="button" aria-pressed={tab === 'challenges'} onClick={() => setTab('challenges')}>Challenges</button>
      </div>
      {lastError ? <div className="form-error">{lastError}</div> : null}
      {tab === 'board' ? <IntelBoard token={token} /> : <Challenges token={token} />}
    </div>
  );
}
