/**
 * The GM console at /gm (GAME §9), loaded on demand. What it shows follows the account's role,
 * read from the server (`GET /api/me`), and every action is checked again by the server: a player
 * gets a refusal, not the console; a moderator sees moderation only; game-masters see and steer
 * the world; admins also change roles. The tab is in the address (`/gm#flags`), so alerts link to it.
 */
import { useEffect, useState } from 'react';
import { Icon } from '../../ui/icons';
import type { PlayerProfile } from '@datavism/shared-schema';
import { fetchMe } from '../../net/api';
import { describeError } from '../../state/errorText';
import { useSession } from '../../ui/hooks';
import { Badge, Empty, Loading, Panel, Tabs, type TabItem } from '../../ui/kit';
import { atLeast, type Role } from './gmApi';
import CalendarTab from './CalendarTab';
import FlagsTab from './FlagsTab';
import EngagementTab from './EngagementTab';
import { ElectionsTab, ParametersTab } from './GovernanceTabs';
import HandlerTab from './HandlerTab';
import HealthTab from './HealthTab';
import MapTab from './MapTab';
import OpsTab from './OpsTab';
import { ModerationTab } from './ModerationTab';
import { RolesAndAuctionsTab } from './PeopleTabs';
import { AuditTab, JobsTab } from './RecordsTabs';
import './gm.css';

type TabId = 'ops' | 'calendar' | 'map' | 'handler' | 'health' | 'engagement' | 'flags' | 'elections' | 'parameters' | 'jobs' | 'audit' | 'people' | 'moderation';

const TABS: Array<TabItem<TabId> & { min: Role }> = [
  { id: 'ops', label: 'Live ops', min: 'gm' },
  { id: 'calendar', label: 'Calendar', min: 'gm' },
  { id: 'map', label: 'World map', min: 'gm' },
  { id: 'handler', label: 'Handler & broadcast', min: 'gm' },
  { id: 'health', label: 'Health', min: 'gm' },
  { id: 'engagement', label: 'Engagement', min: 'gm' },
  { id: 'flags', label: 'Fair play', min: 'gm' },
  { id: 'elections', label: 'Elections', min: 'gm' },
  { id: 'parameters', label: 'Parameters', min: 'gm' },
  { id: 'jobs', label: 'Jobs', min: 'gm' },
  { id: 'audit', label: 'Audit log', min: 'gm' },
  { id: 'people', label: 'Roles & auctions', min: 'gm' },
  { id: 'moderation', label: 'Moderation', min: 'moderator' },
];

function tabFromHash(allowed: TabItem<TabId>[]): TabId {
  const h = window.location.hash.slice(1) as TabId;
  return allowed.some((t) => t.id === h) ? h : allowed[0].id;
}

function Refusal({ children }: { children: React.ReactNode }) {
  return (
    <div className="gm-page">
      <Panel title="GM console" tone="ac" testId="gm-refusal">
        <div className="kit-state kit-locked" role="alert">
          <span className="kit-state-icon" aria-hidden="true"><Icon name="lock" /></span>
          <div>{children}</div>
        </div>
      </Panel>
    </div>
  );
}

export function GmConsole() {
  const token = useSession((s) => s.token);
  const [me, setMe] = useState<PlayerProfile | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tab, setTab] = useState<TabId>('ops');
  useEffect(() => {
    if (!token) return;
    const ctl = new AbortController();
    fetchMe(token, ctl.signal).then((p) => { setMe(p); setError(null); }, (err) => { if (!ctl.signal.aborted) setError(err); });
    return () => ctl.abort();
  }, [token]);
  const allowed = TABS.filter((t) => atLeast(me?.role, t.min));
  useEffect(() => {
    if (allowed.length === 0) return;
    setTab(tabFromHash(allowed));
    const onHash = () => setTab(tabFromHash(allowed));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me?.role]);

  if (!token) return <Refusal>Sign in at <a href="/">the game</a> first, with a game-master account.</Refusal>;
  if (error) return <Refusal>{describeError(error).text}</Refusal>;
  if (!me) return <div className="gm-page"><Loading label="Checking your role…" /></div>;
  if (!atLeast(me.role, 'moderator')) {
    return <Refusal>This console is for game-masters and moderators. Your account ({me.name}) is a {me.role}. <a href="/">Back to the game</a></Refusal>;
  }
  const select = (id: TabId) => {
    setTab(id);
    history.replaceState(null, '', `#${id}`);
  };
  return (
    <div className="gm-page gmc">
      <Panel title="GM console" subtitle={<>Signed in as <strong>{me.name}</strong> <Badge tone="accent">{me.role}</Badge> · <a href="/">back to the game</a></>} testId="gm-console" tone="contested">
        <Tabs label="Console sections" value={tab} onChange={select} tabs={allowed} testId="gm-tab" />
        {tab === 'ops' ? <OpsTab /> : null}
        {tab === 'calendar' ? <CalendarTab /> : null}
        {tab === 'map' ? <MapTab /> : null}
        {tab === 'handler' ? <HandlerTab /> : null}
        {tab === 'health' ? <HealthTab /> : null}
        {tab === 'engagement' ? <EngagementTab /> : null}
        {tab === 'flags' ? <FlagsTab /> : null}
        {tab === 'elections' ? <ElectionsTab /> : null}
        {tab === 'parameters' ? <ParametersTab /> : null}
        {tab === 'jobs' ? <JobsTab /> : null}
        {tab === 'audit' ? <AuditTab /> : null}
        {tab === 'people' ? <RolesAndAuctionsTab isAdmin={atLeast(me.role, 'admin')} /> : null}
        {tab === 'moderation' ? <ModerationTab /> : null}
        {allowed.length === 0 ? <Empty>Nothing here for your role.</Empty> : null}
      </Panel>
    </div>
  );
}

export default GmConsole;
