import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, randomUUID, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Web Push from the receiving side, for tests: a browser's subscription (a P-256 key pair and a
 * 16-byte auth secret, as a browser makes them), a push service that records what it is sent,
 * the RFC 8291 / RFC 8188 decryption of an aes128gcm message and the check of a VAPID
 * (RFC 8292) Authorization header — all with node:crypto, independent of the `web-push` package
 * the server uses.
 */

/** A subscription as a browser holds it: the JSON it POSTs, and its private side. */
export interface TestSubscription {
  json: { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
  /** Uncompressed P-256 private key (32 bytes). */
  privateKey: Buffer;
  /** Uncompressed public key (65 bytes). */
  publicKey: Buffer;
  authSecret: Buffer;
  /** The endpoint's path on the push service. */
  path: string;
}

export function makeSubscription(serviceUrl: string): TestSubscription {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const authSecret = randomBytes(16);
  const path = `/push/${randomUUID()}`;
  return {
    json: { endpoint: `${serviceUrl}${path}`, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') } },
    privateKey: ecdh.getPrivateKey(),
    publicKey: ecdh.getPublicKey(),
    authSecret,
    path,
  };
}

/**
 * Decrypts an RFC 8291 message (Content-Encoding: aes128gcm) with the subscription's private key
 * and auth secret. The body is RFC 8188's header — salt (16), record size (4), key id length (1),
 * key id (the sender's ephemeral P-256 public key, 65) — and one record: AES-128-GCM ciphertext and
 * its 16-byte tag, the plaintext ending in the last-record delimiter 0x02 and zero padding.
 */
export function decryptAes128gcm(body: Buffer, sub: Pick<TestSubscription, 'privateKey' | 'publicKey' | 'authSecret'>): string {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const senderPublic = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  if (idlen !== 65 || senderPublic[0] !== 4) throw new Error(`key id is not an uncompressed P-256 key (${idlen} bytes)`);
  if (record.length > rs) throw new Error('more than one record');

  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(sub.privateKey);
  const ecdhSecret = ecdh.computeSecret(senderPublic);
  // RFC 8291 §3.4: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0x00 || ua_public || as_public, 32).
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), sub.publicKey, senderPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, sub.authSecret, keyInfo, 32));
  // RFC 8188 §2.2, 2.3: CEK and nonce from the message's salt.
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12)); // record 0: XOR 0

  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('no last-record delimiter');
  return padded.subarray(0, end).toString('utf8');
}

/**
 * Checks a VAPID Authorization header (`vapid t=<ES256 JWT>, k=<public key>`) against the
 * server's public key: the key matches, the signature verifies, and returns the JWT's claims.
 */
export function verifyVapid(authorization: string, publicKeyB64: string): { aud: string; exp: number; sub: string } {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization);
  if (!m) throw new Error(`not a VAPID header: ${authorization}`);
  const [, jwt, k] = m;
  if (k !== publicKeyB64) throw new Error('k is not the server\'s public key');
  const [h, p, s] = jwt!.split('.');
  const header = JSON.parse(Buffer.from(h!, 'base64url').toString());
  if (header.alg !== 'ES256') throw new Error(`alg ${header.alg}`);
  const raw = Buffer.from(publicKeyB64, 'base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') },
    format: 'jwk',
  });
  const ok = verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s!, 'base64url'));
  if (!ok) throw new Error('VAPID JWT signature does not verify');
  return JSON.parse(Buffer.from(p!, 'base64url').toString());
}

/** One request the push service got. */
export interface PushRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  status: number;
}

/**
 * A push service (the part of FCM / Mozilla autopush a server talks to): records every POST and
 * answers with what `answer` says (201 Created by default).
 */
export async function pushService() {
  const requests: PushRequest[] = [];
  let decide: (r: Omit<PushRequest, 'status'>, nth: number) => number = () => 201;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const r = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      const status = decide(r, requests.filter((x) => x.path === r.path).length + 1);
      requests.push({ ...r, status });
      res.statusCode = status;
      res.end();
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    /** How later requests are answered; `nth` counts requests to that path (1 = first). */
    answer(next: (r: Omit<PushRequest, 'status'>, nth: number) => number) { decide = next; },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
