import { createECDH } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PUSH_HOSTS, loadConfig } from '../src/config';
import type { Delivery } from '../src/notifications/senders';
import { endpointAllowed, webPushPayload } from '../src/notifications/webPush';

const delivery: Delivery = {
  key: 'n42:0b5e7a8e-0000-4000-8000-000000000001:push', channel: 'push', to: null, playerId: '0b5e7a8e-0000-4000-8000-000000000001',
  playerName: 'ada', kind: 'territory_besieged', tier: 'urgent', title: 'Sector 7 is under siege', body: 'Battle in 30 s.',
  link: '/war/t-7', createdAt: new Date('2026-11-21T12:00:00Z'), attempt: 1,
};

describe('web push: keys, endpoints, payload', () => {
  it('VAPID keys are generated once into DATA_DIR (like the JWT secret) and read back on the next boot', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dv-vapid-'));
    const first = loadConfig({ DATA_DIR: dir }).notifications.webPush;
    expect(first.publicKey).toMatch(/^B[A-Za-z0-9_-]{86}$/);
    expect(Buffer.from(first.privateKey, 'base64url')).toHaveLength(32);
    expect(JSON.parse(readFileSync(path.join(dir, 'vapid-keys.json'), 'utf8'))).toEqual({ publicKey: first.publicKey, privateKey: first.privateKey });
    expect(loadConfig({ DATA_DIR: dir }).notifications.webPush).toMatchObject({ publicKey: first.publicKey, privateKey: first.privateKey });
    expect(first).toMatchObject({ subject: 'mailto:notifications@datavism.invalid', endpointHosts: DEFAULT_PUSH_HOSTS, maxSubscriptions: 5 });
  });

  it('VAPID keys from the environment must be a pair; subject and hosts are checked', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dv-vapid-'));
    const a = createECDH('prime256v1');
    a.generateKeys();
    const b = createECDH('prime256v1');
    b.generateKeys();
    const pub = a.getPublicKey().toString('base64url');
    const priv = a.getPrivateKey().toString('base64url');
    expect(loadConfig({ DATA_DIR: dir, VAPID_PUBLIC_KEY: pub, VAPID_PRIVATE_KEY: priv }).notifications.webPush).toMatchObject({ publicKey: pub, privateKey: priv });
    expect(() => loadConfig({ DATA_DIR: dir, VAPID_PUBLIC_KEY: pub })).toThrow(/VAPID_PRIVATE_KEY: set both/);
    expect(() => loadConfig({ DATA_DIR: dir, VAPID_PUBLIC_KEY: b.getPublicKey().toString('base64url'), VAPID_PRIVATE_KEY: priv })).toThrow(/VAPID_PUBLIC_KEY/);
    expect(() => loadConfig({ DATA_DIR: dir, VAPID_PUBLIC_KEY: 'short', VAPID_PRIVATE_KEY: priv })).toThrow(/VAPID_PUBLIC_KEY/);
    expect(() => loadConfig({ DATA_DIR: dir, VAPID_SUBJECT: 'ops@datavism.test' })).toThrow(/VAPID_SUBJECT/);
    expect(() => loadConfig({ DATA_DIR: dir, WEB_PUSH_ENDPOINT_HOSTS: 'http://x' })).toThrow(/WEB_PUSH_ENDPOINT_HOSTS/);
    expect(loadConfig({ DATA_DIR: dir, WEB_PUSH_ENDPOINT_HOSTS: ' Push.Example , 127.0.0.1:8080 ' }).notifications.webPush.endpointHosts)
      .toEqual(['push.example', '127.0.0.1:8080']);
  });

  it('endpoints: only the allowed push services (host and subdomains, or host:port exactly), http(s) only', () => {
    expect(endpointAllowed('https://fcm.googleapis.com/fcm/send/abc', DEFAULT_PUSH_HOSTS)).toBe(true);
    expect(endpointAllowed('https://updates.push.services.mozilla.com/wpush/v2/x', DEFAULT_PUSH_HOSTS)).toBe(true);
    expect(endpointAllowed('https://web.push.apple.com/Q', DEFAULT_PUSH_HOSTS)).toBe(true);
    expect(endpointAllowed('https://wns2-par02p.notify.windows.com/w/?token=x', DEFAULT_PUSH_HOSTS)).toBe(true);
    expect(endpointAllowed('https://evilfcm.googleapis.com.attacker.test/x', DEFAULT_PUSH_HOSTS)).toBe(false);
    expect(endpointAllowed('https://notfcm.googleapis.com/x', ['fcm.googleapis.com'])).toBe(false);
    expect(endpointAllowed('http://127.0.0.1:6379/x', DEFAULT_PUSH_HOSTS)).toBe(false);
    expect(endpointAllowed('http://127.0.0.1:8080/x', ['127.0.0.1:8080'])).toBe(true);
    expect(endpointAllowed('http://127.0.0.1:8081/x', ['127.0.0.1:8080'])).toBe(false);
    expect(endpointAllowed('file:///etc/passwd', ['*'])).toBe(false);
    expect(endpointAllowed('http://anything.test/x', ['*'])).toBe(true);
  });

  it('the payload: title, body, url, kind, tier and the delivery key as tag; a long body is clipped to fit one push message', () => {
    expect(JSON.parse(webPushPayload(delivery))).toEqual({
      title: 'Sector 7 is under siege', body: 'Battle in 30 s.', url: '/war/t-7', kind: 'territory_besieged', tier: 'urgent', tag: delivery.key,
    });
    expect(JSON.parse(webPushPayload({ ...delivery, link: null })).url).toBe('/');
    const long = webPushPayload({ ...delivery, body: '🛰'.repeat(2000) });
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(3000);
    expect(JSON.parse(long).body.endsWith('…')).toBe(true);
  });
});
