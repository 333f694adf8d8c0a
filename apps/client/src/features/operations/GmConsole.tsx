/**
 * The GM console at /gm (role gm; the server enforces it, 403 otherwise): create from a
 * template or from scratch (JSON), schedule, start, extend, end early, handler messages,
 * emergency broadcast, the live list, and template editing.
 */
import { useEffect, useState } from 'react';
import type { OperationSummary } from '@datavism/shared-schema';
import { apiRequest } from '../../net/api';
import { useSession } from '../../ui/hooks';

export function GmConsole() {
  const token = useSession((s) => s.token);
  const [live, setLive] = useState<OperationSummary[]>([]);
  const [templates, setTemplates] = useState<{ key: string; definition: unknown }[]>([]);
  const [status, setStatus] = useState('');
  const [templateKey, setTemplateKey] = useState('friday_flashpoint');
  const [scratch, setScratch] = useState('');
  const [targets, setTargets] = useState('');
  const [message, setMessage] = useState('');
  const [editKey, setEditKey] = useState('');
  const [editJson, setEditJson] = useState('');

  const call = async <T,>(path: string, method: 'GET' | 'POST' | 'PUT', body?: unknown): Promise<T | null> => {
    try {
      const r = await apiRequest<T>(path, { method, body, token });
      setStatus(`${method} ${path}: ok`);
      return r;
    } catch (err) {
      setStatus(`${method} ${path}: ${(err as Error).message}`);
      return null;
    }
  };
  const reload = async () => {
    setLive((await call<OperationSummary[]>('/api/gm/operations', 'GET')) ?? []);
    setTemplates((await call<{ key: string; definition: unknown }[]>('/api/gm/templates', 'GET')) ?? []);
  };
  useEffect(() => {
    if (!token) return;
    void reload();
    const t = setInterval(() => void reload(), 5000);
    return () => clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);

  if (!token) return <div className="gm-console">Sign in at <a href="/">the game</a> first.</div>;
  const targetList = targets.split(',').map((t) => t.trim()).filter(Boolean);
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      setStatus('invalid JSON');
      return null;
    }
  };
  return (
    <div className="gm-console" data-testid="gm-console">
      <h2>GM console</h2>
      <div className="gm-status">{status}</div>
      <section>
        <h3>Create</h3>
        <label>Template <select value={templateKey} onChange={(e) => setTemplateKey(e.target.value)}>
          {templates.map((t) => <option key={t.key} value={t.key}>{t.key}</option>)}
        </select></label>
        <label>Target territories <input value={targets} placeholder="id, id" onChange={(e) => setTargets(e.target.value)} /></label>
        <button type="button" onClick={() => void call('/api/gm/operations', 'POST', { template: templateKey, targetTerritories: targetList }).then(reload)}>Launch from template</button>
        <textarea value={scratch} placeholder='{"type":"rapid","name":"…","objectives":[…]}' onChange={(e) => setScratch(e.target.value)} />
        <button type="button" onClick={() => {
          const operation = parse(scratch);
          if (operation) void call('/api/gm/operations', 'POST', { operation, targetTerritories: targetList }).then(reload);
        }}>Launch from scratch</button>
      </section>
      <section>
        <h3>Emergency broadcast</h3>
        <input value={message} onChange={(e) => setMessage(e.target.value)} />
        <button type="button" onClick={() => void call('/api/gm/broadcast', 'POST', { message })}>Broadcast to everyone online</button>
      </section>
      <section>
        <h3>Live operations</h3>
        <table>
          <thead><tr><th>name</th><th>phase</th><th>progress</th><th>players</th><th>ends</th><th /></tr></thead>
          <tbody>
            {live.map((op) => (
              <tr key={op.id}>
                <td>{op.name}</td><td>{op.phase}</td><td>{(op.progress * 100).toFixed(1)} %</td>
                <td>{op.participants}/{op.requiredPlayers}</td><td>{op.endsAt ?? '—'}</td>
                <td>
                  <button type="button" onClick={() => {
                    const at = window.prompt('Start at (ISO date)');
                    if (at) void call(`/api/gm/operations/${op.id}/schedule`, 'POST', { startsAt: at }).then(reload);
                  }}>Schedule</button>
                  <button type="button" onClick={() => void call(`/api/gm/operations/${op.id}/start`, 'POST', {}).then(reload)}>Start</button>
                  <button type="button" onClick={() => void call(`/api/gm/operations/${op.id}/extend`, 'POST', { hours: 1 }).then(reload)}>+1 h</button>
                  <button type="button" onClick={() => void call(`/api/gm/operations/${op.id}/end`, 'POST', {}).then(reload)}>End now</button>
                  <button type="button" onClick={() => {
                    const body = window.prompt(`Handler message (${op.handler})`);
                    if (body) void call(`/api/gm/operations/${op.id}/messages`, 'POST', { body });
                  }}>Message</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h3>Templates (calendar, triggers)</h3>
        <select value={editKey} onChange={(e) => {
          setEditKey(e.target.value);
          const t = templates.find((x) => x.key === e.target.value);
          setEditJson(t ? JSON.stringify(t.definition, null, 2) : '');
        }}>
          <option value="">choose…</option>
          {templates.map((t) => <option key={t.key} value={t.key}>{t.key}</option>)}
        </select>
        <textarea rows={12} value={editJson} onChange={(e) => setEditJson(e.target.value)} />
        <button type="button" disabled={!editKey} onClick={() => {
          const definition = parse(editJson);
          if (definition) void call(`/api/gm/templates/${editKey}`, 'PUT', definition).then(reload);
        }}>Save template</button>
      </section>
    </div>
  );
}
