import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Histogram buckets for room latencies (seconds): fine below the 150 ms goals of GAME's benchmarks. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.125, 0.15, 0.2, 0.3, 0.5, 1, 2.5];

/** Prometheus metrics of one server process (`GET /metrics`). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    rooms: new Gauge({ name: 'datavism_rooms', help: 'Rooms hosted by this process', labelNames: ['room'], registers: [registry] }),
    clients: new Gauge({ name: 'datavism_clients', help: 'Clients connected to rooms of this process', labelNames: ['room'], registers: [registry] }),
    messages: new Counter({ name: 'datavism_messages_total', help: 'Room messages received (rate() gives messages/s)', labelNames: ['room', 'type'], registers: [registry] }),
    rejected: new Counter({ name: 'datavism_messages_rejected_total', help: 'Room messages refused with an error', labelNames: ['room', 'code'], registers: [registry] }),
    patchBytes: new Counter({ name: 'datavism_patch_bytes_total', help: 'Bytes sent to room clients (state patches and messages)', labelNames: ['room'], registers: [registry] }),
    jobRuns: new Counter({ name: 'datavism_job_runs_total', help: 'Job runs by outcome', labelNames: ['job', 'outcome'], registers: [registry] }),
    jobSeconds: new Histogram({ name: 'datavism_job_seconds', help: 'Job run duration', labelNames: ['job'], registers: [registry] }),
    errors: new Counter({ name: 'datavism_errors_total', help: 'Unexpected errors caught', labelNames: ['where'], registers: [registry] }),
    /** One room group commit (a market tick, an operation's contribution batch): its transaction. */
    commitSeconds: new Histogram({
      name: 'datavism_room_commit_seconds', help: "Duration of a room's group-commit transaction", labelNames: ['room'],
      buckets: LATENCY_BUCKETS, registers: [registry],
    }),
    /** Server-side latency of a queued input: received → its answer and the patch carrying it sent. */
    inputSeconds: new Histogram({
      name: 'datavism_room_input_seconds', help: 'Queued room input: received until answered and broadcast', labelNames: ['room'],
      buckets: LATENCY_BUCKETS, registers: [registry],
    }),
    http: new Counter({ name: 'datavism_http_requests_total', help: 'HTTP requests', labelNames: ['route', 'status'], registers: [registry] }),
    /** Notification outbox attempts by channel, sender and outcome (sent, retry, dead). */
    notificationDeliveries: new Counter({
      name: 'datavism_notification_deliveries_total', help: 'Notification deliveries beyond the game, by outcome',
      labelNames: ['channel', 'sender', 'outcome'], registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
