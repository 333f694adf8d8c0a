/**
 * Leaderboards (GAME §5.1): pick a board, then this week (live, with the countdown to Liberation
 * Sunday), all-time, or a past season. Shows the top, my rank with my neighbours (my squad's on
 * squad boards), and the archived seasons with their rewarded places and titles.
 */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { LeaderboardBoardDto, LeaderboardSeasonDto, StandingDto } from '@datavism/shared-schema';
import { resourceLabel } from '../../state/profileView';
import { Badge, Button, Countdown, Empty, ErrorNote, Facts, Field, Loading, Section, Table, Tabs, type Column } from '../../ui/kit';
import { choose, leaderboardsStore, loadLeaderboards, loadStandings, scoreText, type LeaderboardView } from './leaderboardsStore';

/** Live standings refresh while the panel shows this week. */
const REFRESH_MS = 10_000;

function standingColumns(board: LeaderboardBoardDto, mineId: string | null): Column<StandingDto>[] {
  return [
    { key: 'rank', header: '#', cell: (r) => <span className="num">{r.rank}</span>, align: 'right', width: '3.5em' },
    {
      key: 'name', header: board.subject === 'squad' ? 'Squad' : 'Player',
      cell: (r) => (r.subjectId === mineId ? <strong data-testid="leaderboard-mine">{r.name || '—'} ◀</strong> : r.name || '—'),
    },
    { key: 'score', header: board.label, cell: (r) => <span className="num">{scoreText(r.score, board.decimals)}</span>, align: 'right' },
  ];
}

function MyStanding({ board }: { board: LeaderboardBoardDto }) {
  const me = useStore(leaderboardsStore, (s) => s.standings?.me ?? null);
  const entries = useStore(leaderboardsStore, (s) => s.standings?.entries ?? 0);
  if (!me) {
    return <Empty testId="leaderboard-me-none">{board.subject === 'squad' ? 'Your squad is not on this board.' : 'You are not on this board.'}</Empty>;
  }
  return (
    <Section title={board.subject === 'squad' ? 'Your squad' : 'You'} testId="leaderboard-me">
      <Facts items={[
        { label: 'Rank', value: <span className="num" data-testid="leaderboard-my-rank">{me.rank} of {entries.toLocaleString('en-US')}</span> },
        { label: 'Score', value: <span className="num">{scoreText(me.score, board.decimals)}</span> },
        me.tiedWith > 0 && { label: 'Tied with', value: <span className="num">{me.tiedWith.toLocaleString('en-US')} others</span> },
      ]} />
      <Table compact testId="leaderboard-neighbours" columns={standingColumns(board, me.subjectId)}
        rows={[...me.above, me, ...me.below]} rowKey={(r) => r.subjectId} caption="Your neighbours" />
    </Section>
  );
}

function Standings({ board }: { board: LeaderboardBoardDto }) {
  const standings = useStore(leaderboardsStore, (s) => s.standings);
  const loading = useStore(leaderboardsStore, (s) => s.loading);
  if (!standings) return loading ? <Loading /> : null;
  const season = standings.season;
  return (
    <>
      {season ? (
        <Section title={`Season ${season.week.label}`} aside={<Badge tone={season.status === 'closed' ? 'ok' : 'signal'}>{season.status}</Badge>}>
          <div className="muted small">{season.entries?.toLocaleString('en-US') ?? '…'} on the board when it closed.</div>
        </Section>
      ) : null}
      <MyStanding board={board} />
      <Section title={standings.period.kind === 'all' ? 'All-time top 100' : 'Top 100'}>
        <Table testId="leaderboard-top" columns={standingColumns(board, standings.me?.subjectId ?? null)} rows={standings.top}
          rowKey={(r) => r.subjectId} empty="Nobody has scored yet." caption="Top 100" />
        <div className="muted small">Equal scores share a rank; whoever reached the score first is listed, and paid, first.</div>
      </Section>
    </>
  );
}

function SeasonList({ token, board }: { token: string; board: LeaderboardBoardDto }) {
  const seasons = useStore(leaderboardsStore, (s) => s.seasons);
  if (!seasons) return <Loading />;
  if (seasons.seasons.length === 0) return <Empty testId="leaderboard-no-seasons">No season of this board has closed yet.</Empty>;
  const awardColumns: Column<LeaderboardSeasonDto['awards'][number]>[] = [
    { key: 'place', header: 'Place', cell: (a) => <span className="num">{a.place}</span>, align: 'right', width: '4em' },
    { key: 'name', header: board.subject === 'squad' ? 'Squad' : 'Player', cell: (a) => (a.title ? <>{a.name} <Badge tone="contested">{a.title}</Badge></> : a.name) },
    { key: 'score', header: board.label, cell: (a) => <span className="num">{scoreText(a.score, board.decimals)}</span>, align: 'right' },
    { key: 'reward', header: 'Reward', cell: (a) => <span className="num">{a.reward.toLocaleString('en-US')}</span>, align: 'right' },
  ];
  return (
    <div data-testid="leaderboard-seasons">
      {seasons.seasons.map((s) => (
        <Section key={s.week.id} title={`Season ${s.week.label}`}
          aside={<Button size="sm" variant="ghost" onClick={() => void choose(token, { season: s.week.id })}>Standings</Button>}>
          <Table compact columns={awardColumns} rows={s.awards} rowKey={(a) => String(a.place)} empty="Nobody scored that week." caption={`Season ${s.week.label}`} />
          <div className="muted small">{(s.entries ?? 0).toLocaleString('en-US')} ranked.</div>
        </Section>
      ))}
    </div>
  );
}

export function LeaderboardsPanel({ token }: { token: string }) {
  const index = useStore(leaderboardsStore, (s) => s.index);
  const boardKey = useStore(leaderboardsStore, (s) => s.board);
  const view = useStore(leaderboardsStore, (s) => s.view);
  const period = useStore(leaderboardsStore, (s) => s.period);
  const error = useStore(leaderboardsStore, (s) => s.error);

  useEffect(() => { void loadLeaderboards(token); }, [token]);
  useEffect(() => {
    if (period !== 'week') return undefined;
    const timer = setInterval(() => void loadStandings(token), REFRESH_MS);
    return () => clearInterval(timer);
  }, [token, boardKey, period]);

  if (!index) return error ? <ErrorNote error={error} onRetry={() => void loadLeaderboards(token)} /> : <Loading />;
  const board = index.boards.find((b) => b.key === boardKey) ?? index.boards[0]!;
  return (
    <div data-testid="leaderboards-panel">
      <Section>
        <Field label="Board">
          <select value={board.key} data-testid="leaderboard-board" onChange={(e) => void choose(token, { board: e.target.value })}>
            <optgroup label="Players">{index.boards.filter((b) => b.subject === 'player').map((b) => <option key={b.key} value={b.key}>{b.label}</option>)}</optgroup>
            <optgroup label="Squads">{index.boards.filter((b) => b.subject === 'squad').map((b) => <option key={b.key} value={b.key}>{b.label}</option>)}</optgroup>
          </select>
        </Field>
        <div className="muted small">{board.description} The week’s winner earns <Badge tone="contested">{board.title.replace(/_/g, ' ')}</Badge>.</div>
        <div className="muted small">
          Week {index.week.label} closes on Liberation Sunday <Countdown to={index.week.closesAt} />; places 1–10 earn{' '}
          {index.rewards.map((r) => r.toLocaleString('en-US')).join(' / ')} {resourceLabel('resistance_credits')}{board.subject === 'squad' ? ' into the squad treasury' : ''}.
        </div>
      </Section>
      <Tabs<LeaderboardView>
        label="Leaderboard period"
        testId="leaderboard-tabs"
        value={view}
        onChange={(v) => void choose(token, { view: v, season: null })}
        tabs={[{ id: 'week', label: 'This week' }, { id: 'all', label: 'All-time' }, { id: 'seasons', label: 'Past seasons' }]}
      />
      {error ? <ErrorNote error={error} onRetry={() => void loadStandings(token)} /> : null}
      {view === 'seasons' && period === null ? <SeasonList token={token} board={board} /> : null}
      {view === 'seasons' && typeof period === 'number' ? (
        <Button size="sm" variant="ghost" onClick={() => void choose(token, { season: null })}>All seasons</Button>
      ) : null}
      {period !== null ? <Standings board={board} /> : null}
    </div>
  );
}
