/**
 * Part 3 of bench/live.ts: messages per second one instance sustains. Staff post to CHANNELS
 * ad-hoc channels at stepped offered rates (open loop: a post leaves every 1/rate s whatever the
 * answers, at most MAX_IN_FLIGHT waiting); SUBSCRIBERS sockets on the same instance, spread over
 * the channels, must each get every message of their channel once, in order (seq gap-free).
 * Posting is limited to 20 messages per 10 s per person and channel (flooding), so the posts go
 * round-robin over enough people that each stays under 1.9 a second.
 */
import { performance } from 'node:perf_hooks';
import { createChannel, postMessage } from './live-api.ts';
import { cpuSeconds, LiveClient, type LiveEvent, pool, postgresCpuSeconds } from './live-client.ts';
import { loadAverage, percentile } from './machine.ts';

export interface MessagesOptions {
  rates: number[];
  seconds: number;
  channels: number;
  subscribers: number;
  maxInFlight: number;
  origin: string;
  openConcurrency: number;
}

interface Person {
  id: string;
  cookie: string;
}

export interface StepResult {
  rate: number;
  committed: number;
  perSecond: number;
  refused: number;
  skipped: number;
  p50: number;
  p99: number;
  max: number;
  cpuPercent: number;
  sustained: boolean;
}

const PER_POSTER_RATE = 1.9;
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

export async function measureMessages(
  server: { url: string; pid: number },
  leader: Person,
  staff: Person[],
  options: MessagesOptions,
  check: (ok: boolean, message: string) => void,
): Promise<StepResult[]> {
  const posterCount = Math.ceil(Math.max(...options.rates) / PER_POSTER_RATE);
  if (options.subscribers + posterCount > staff.length)
    throw new Error(
      `part 3 needs ${options.subscribers + posterCount} staff; BENCH_CLIENTS is ${staff.length}`,
    );
  const listeners = staff.slice(0, options.subscribers);
  const posters = staff.slice(options.subscribers, options.subscribers + posterCount);
  const channelIds: string[] = [];
  for (let c = 0; c < options.channels; c++) {
    const members = [
      ...listeners.filter((_, i) => i % options.channels === c),
      ...posters.filter((_, i) => i % options.channels === c),
    ];
    channelIds.push(
      await createChannel(
        server.url,
        leader.cookie,
        members.map((p) => p.id),
      ),
    );
  }
  const channelOf = (subscriber: number) => subscriber % options.channels;

  const lastSeq = new Int32Array(listeners.length).fill(-1);
  const received = new Int32Array(listeners.length);
  let outOfOrder = 0;
  let foreign = 0;
  const arrivals = new Map<string, number[]>();
  const sink = (client: LiveClient, event: LiveEvent, at: number) => {
    if (event.type !== 'message') return;
    const i = client.index;
    if (event.topic !== `channel:${channelIds[channelOf(i)]}`) {
      foreign++;
      return;
    }
    received[i]!++;
    if (typeof event.seq === 'number') {
      if (lastSeq[i] !== -1 && event.seq !== lastSeq[i]! + 1) outOfOrder++;
      lastSeq[i] = event.seq;
    } else outOfOrder++;
    const id = String(event.data.messageId ?? event.data.id);
    const list = arrivals.get(id);
    if (list) list.push(at);
    else arrivals.set(id, [at]);
  };
  const sockets = listeners.map((p, i) => new LiveClient(i, server.url, p.cookie, options.origin, sink));
  const failed = await pool(sockets, options.openConcurrency, async (socket, i) => {
    await socket.open();
    await socket.subscribe(`channel:${channelIds[channelOf(i)]}`);
  });
  check(failed.length === 0, `every subscriber opened and subscribed (${failed.length} failed)`);

  const committedPerChannel = new Int32Array(options.channels);
  let next = 0;
  const results: StepResult[] = [];
  for (const rate of options.rates) {
    const sentAt = new Map<string, number>();
    let committed = 0;
    let refused = 0;
    let skipped = 0;
    let inFlight = 0;
    const refusals = new Map<string, number>();
    const waits: Promise<void>[] = [];
    const post = (n: number) => {
      const poster = n % posters.length;
      const channel = poster % options.channels;
      const before = performance.now();
      inFlight++;
      waits.push(
        postMessage(
          server.url,
          posters[poster]!.cookie,
          channelIds[channel]!,
          `Tin nhắn ${n} (bench, ${rate}/s)`,
        ).then(
          (message) => {
            sentAt.set(message.id, before);
            committed++;
            committedPerChannel[channel]!++;
            inFlight--;
          },
          (error: Error) => {
            refused++;
            const reason = error.message.slice(0, 80);
            refusals.set(reason, (refusals.get(reason) ?? 0) + 1);
            inFlight--;
          },
        ),
      );
    };
    const receivedBefore = received.reduce((n, r) => n + r, 0);
    const cpu0 = await cpuSeconds(server.pid);
    const pgCpu0 = await postgresCpuSeconds();
    const t0 = performance.now();
    let issued = 0;
    for (;;) {
      const elapsed = performance.now() - t0;
      if (elapsed >= options.seconds * 1_000) break;
      const due = Math.floor((elapsed / 1_000) * rate);
      for (; issued < due; issued++) {
        if (inFlight >= options.maxInFlight) skipped++;
        else post(next++);
      }
      await sleep(5);
    }
    await Promise.all(waits);
    const seconds = (performance.now() - t0) / 1_000;
    const cpu = (await cpuSeconds(server.pid)) - cpu0;
    const pgCpu = pgCpu0 === null ? null : ((await postgresCpuSeconds()) ?? pgCpu0) - pgCpu0;
    // Let the last events arrive: every subscriber has as many as its channel committed.
    const settle = performance.now();
    const expected = (i: number) => committedPerChannel[channelOf(i)]!;
    while (performance.now() - settle < 30_000 && listeners.some((_, i) => received[i]! < expected(i)))
      await sleep(20);
    const delivered = received.reduce((n, r) => n + r, 0) - receivedBefore;
    const latencies: number[] = [];
    for (const [id, sent] of sentAt) for (const at of arrivals.get(id) ?? []) latencies.push(at - sent);
    latencies.sort((a, b) => a - b);
    for (const id of sentAt.keys()) arrivals.delete(id);
    const result: StepResult = {
      rate,
      committed,
      perSecond: committed / seconds,
      refused,
      skipped,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? Number.NaN,
      cpuPercent: (cpu / seconds) * 100,
      sustained: false,
    };
    result.sustained =
      refused === 0 && skipped === 0 && result.perSecond >= 0.95 * rate && result.p99 <= 1_000;
    results.push(result);
    console.log(
      `    offered ${rate}/s: ${committed.toLocaleString('en')} committed in ${seconds.toFixed(1)} s = ${result.perSecond.toFixed(0)} messages/s, ${delivered.toLocaleString('en')} socket deliveries (of ${((committed * options.subscribers) / options.channels).toLocaleString('en')}); delivery from the POST p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms, max ${result.max.toFixed(0)} ms; server CPU ${result.cpuPercent.toFixed(0)} %${pgCpu === null ? '' : `, PostgreSQL ${((pgCpu / seconds) * 100).toFixed(0)} %`} of a core; load ${loadAverage()}${refused ? `; ${refused} refused (${[...refusals].map(([r, n]) => `${n}× ${r}`).join('; ')})` : ''}${skipped ? `; ${skipped} not sent (${options.maxInFlight} waiting)` : ''} → ${result.sustained ? 'sustained' : 'NOT sustained'}`,
    );
    const short = listeners.filter((_, i) => received[i]! !== expected(i)).length;
    check(
      short === 0,
      `at ${rate}/s every subscriber has every message of its channel exactly once (${short} do not)`,
    );
  }
  check(
    outOfOrder === 0,
    `every subscriber got its channel's events in order, seq gap-free (${outOfOrder} not)`,
  );
  check(foreign === 0, `no subscriber got a message of a channel it had not subscribed to (${foreign})`);
  await pool(sockets, 500, (socket) => socket.close());
  return results;
}
