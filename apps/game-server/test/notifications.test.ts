import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { deliveryIntervalMs } from '../src/notifications/delivery';
import { retryDelayMs } from '../src/notifications/outbox';
import { absoluteLink, createSenders, type Delivery } from '../src/notifications/senders';
import { SmtpSender } from '../src/notifications/smtpSender';
import { webhookBody } from '../src/notifications/webhookSender';
import { createLogger } from '../src/logger';
import { tmpdir } from 'node:os';

const delivery: Delivery = {
  key: 'n42:0b5e7a8e-0000-4000-8000-000000000001:push', channel: 'push', to: null, playerId: '0b5e7a8e-0000-4000-8000-000000000001',
  playerName: 'ada', kind: 'territory_besieged', tier: 'urgent', title: 'Sector 7 is under siege', body: 'Battle in 30 s.',
  link: 'https://play.example/war/t-7', createdAt: new Date('2026-11-21T12:00:00Z'), attempt: 1,
};

describe('notification senders and outbox policy', () => {
  it('retries back off exponentially from the base, capped', () => {
    const c = { retryBaseMs: 2000, retryMaxMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => retryDelayMs(a, c))).toEqual([2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
  });

  it('webhook bodies: Discord {content, embeds}, Slack {text}', () => {
    expect(webhookBody(delivery, 'discord')).toEqual({
      content: 'ada: Sector 7 is under siege',
      embeds: [{
        title: 'Sector 7 is under siege', description: 'Battle in 30 s.', url: 'https://play.example/war/t-7',
        timestamp: '2026-11-21T12:00:00.000Z', footer: { text: 'urgent · territory_besieged' },
      }],
    });
    expect(webhookBody({ ...delivery, link: '/war/t-7' }, 'discord').embeds).toEqual([expect.not.objectContaining({ url: expect.anything() })]);
    expect(webhookBody(delivery, 'slack')).toEqual({
      text: '*Sector 7 is under siege* (for ada, urgent)\nBattle in 30 s.\n<https://play.example/war/t-7|Open>',
    });
    const long = webhookBody({ ...delivery, title: 'x'.repeat(300) }, 'discord') as { embeds: { title: string }[] };
    expect(long.embeds[0].title).toHaveLength(256);
  });

  it('the email Message-ID is the idempotency key at the sender domain', () => {
    const smtp = new SmtpSender('smtp://127.0.0.1:2525', 'DATAVISM <notify@datavism.example>', 1000);
    expect(smtp.messageId(delivery.key)).toBe('<n42.0b5e7a8e-0000-4000-8000-000000000001.push@datavism.example>');
  });

  it('senders default to the log sender; links become absolute with NOTIFY_LINK_BASE', () => {
    const logger = createLogger('silent');
    const plain = createSenders(loadConfig({ DATA_DIR: tmpdir() }).notifications, logger);
    expect([plain.push.name, plain.email.name]).toEqual(['log', 'log']);
    const wired = createSenders(loadConfig({ DATA_DIR: tmpdir(), NOTIFY_WEBHOOK_URL: 'https://hooks.example/x', SMTP_URL: 'smtp://mail.example:25' }).notifications, logger);
    expect([wired.push.name, wired.email.name]).toEqual(['webhook', 'smtp']);
    expect(absoluteLink('/war/t-7', 'https://play.example')).toBe('https://play.example/war/t-7');
    expect(absoluteLink('/war/t-7', undefined)).toBe('/war/t-7');
    expect(() => loadConfig({ DATA_DIR: tmpdir(), SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL/);
  });

  it('the delivery job runs every 30 game seconds, between 1 s and 30 s of real time', () => {
    expect(deliveryIntervalMs({ config: loadConfig({ DATA_DIR: tmpdir() }) })).toBe(30_000);
    expect(deliveryIntervalMs({ config: loadConfig({ DATA_DIR: tmpdir(), TIME_SCALE: '10' }) })).toBe(3000);
    expect(deliveryIntervalMs({ config: loadConfig({ DATA_DIR: tmpdir(), TIME_SCALE: '1440' }) })).toBe(1000);
  });
});
