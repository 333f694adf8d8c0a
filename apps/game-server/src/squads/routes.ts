import { Router } from 'express';
import {
  applyToSquad, channelHistory, createSquad, getPlayer, getSquad, joinSquad, leaveSquad, listSquads, playerInfluence,
  requireMember, squadLevelState, squadMembers, squadOfPlayer, type SquadSummary,
} from '@datavism/db';
import { GameError, findSquads, type SquadType } from '@datavism/rules';
import { ApplySquadBody, CreateSquadBody, FindSquadBody, type SquadSummaryDto } from '@datavism/shared-schema';
import type { Services } from '../context';
import { requirePlayer } from '../http/guards';
import { parseBody } from '../http/errors';
import { toChatDto, squadLine } from '../social/service';
import { changed, publishSquad } from './service';

const summaryDto = (s: SquadSummary, score?: number): SquadSummaryDto => ({ ...s, ...(score !== undefined ? { score } : {}) });

/** Squad HTTP API: create, list, find, detail, join, apply, leave, chat history. */
export function squadRoutes(s: Services): Router {
  const router = Router();
  const auth = requirePlayer(s);
  const db = () => s.database.db;

  router.post('/api/squads', auth, async (req, res) => {
    const body = parseBody(CreateSquadBody, req.body);
    const squad = await createSquad(db(), { ...body, leaderId: res.locals.player.id, type: body.type as SquadType });
    res.status(201).json({ id: squad.id, name: squad.name, type: squad.type, level: squad.level });
  });

  router.get('/api/squads', auth, async (req, res) => {
    const all = req.query.all === '1';
    const squads = await listSquads(db(), { recruitingOnly: !all });
    res.json({ squads: squads.map((x) => summaryDto(x)) });
  });

  router.get('/api/squads/mine', auth, async (_req, res) => {
    res.json({ membership: await squadOfPlayer(db(), res.locals.player.id) });
  });

  router.post('/api/squads/find', auth, async (req, res) => {
    const prefs = parseBody(FindSquadBody, req.body);
    const player = await getPlayer(db(), res.locals.player.id);
    if (!player) throw new GameError('UNAUTHORIZED', 'unknown player');
    const listings = await listSquads(db(), { recruitingOnly: true });
    const matches = findSquads(
      {
        influence: playerInfluence(player),
        activityPace: prefs.activityPace,
        preferredClass: prefs.preferredClass,
        timezoneOffsetHours: prefs.timezoneOffsetHours,
        playStyle: prefs.playStyle,
      },
      listings,
    );
    res.json({ squads: matches.map((m) => summaryDto(m.squad, m.score)) });
  });

  router.post('/api/squads/leave', auth, async (_req, res) => {
    const result = await leaveSquad(db(), res.locals.player.id);
    await publishSquad(s, result.squadId, changed('members', 'meta', 'applications'));
    res.json(result);
  });

  router.get('/api/squads/:id', auth, async (req, res) => {
    const squad = await getSquad(db(), String(req.params.id));
    if (!squad || squad.disbandedAt) throw new GameError('NOT_FOUND', `no squad ${String(req.params.id)}`);
    const members = await squadMembers(db(), squad.id);
    const state = squadLevelState(squad, members.length);
    res.json({
      id: squad.id, name: squad.name, type: squad.type, motto: squad.motto, recruitment: squad.recruitment,
      minInfluence: squad.minInfluence, minRank: squad.minRank, leaderId: squad.leaderId,
      ...state,
      members: members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() })),
    });
  });

  router.post('/api/squads/:id/join', auth, async (req, res) => {
    const state = await joinSquad(db(), String(req.params.id), res.locals.player.id);
    await publishSquad(s, String(req.params.id), changed('members', 'meta'));
    res.json(state);
  });

  router.post('/api/squads/:id/apply', auth, async (req, res) => {
    const { message } = parseBody(ApplySquadBody, req.body);
    const app = await applyToSquad(db(), String(req.params.id), res.locals.player.id, message);
    await publishSquad(s, String(req.params.id), changed('applications'));
    res.status(201).json({ id: app.id, squadId: app.squadId });
  });

  router.get('/api/squads/:id/chat', auth, async (req, res) => {
    await requireMember(db(), String(req.params.id), res.locals.player.id);
    const limit = Math.min(100, Math.max(1, Number(req.query.limit ?? 50) || 50));
    const beforeRaw = req.query.before;
    const before = typeof beforeRaw === 'string' && /^\d{1,15}$/.test(beforeRaw) ? Number(beforeRaw) : undefined;
    if (beforeRaw !== undefined && before === undefined) throw new GameError('BAD_REQUEST', 'before must be a message id');
    // Squad chat is the social service's `squad:<id>` channel (tombstones included, blocked authors left out).
    const page = await channelHistory(db(), { channel: `squad:${String(req.params.id)}`, readerId: res.locals.player.id, before, limit });
    res.json({ messages: page.messages.map((m) => squadLine(toChatDto(m))).reverse(), nextBefore: page.older });
  });

  return router;
}
