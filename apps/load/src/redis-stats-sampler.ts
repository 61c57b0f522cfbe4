import type { RedisClient } from '@gapflow/state';
import { everyPrimary, infoField } from '@gapflow/testing';
import { within } from './within';

/** What `RedisStatsSampler` saw over a run. */
export interface RedisStats {
  /** Commands processed per second: the `total_commands_processed` delta over the run's time. */
  opsPerSecond: number;
  /** The highest `connected_clients` seen, summed over a cluster's primaries (the sampler's own connections included; replicas not counted). */
  peakConnections: number;
  /** CPU seconds (user + system) the primaries used over the run, summed. */
  cpuSeconds: number;
  samples: number;
}

/** A counter that only grows while its server lives: a drop means a restart, and counts on from 0. */
class ServerCounters {
  private readonly last = new Map<string, number>();
  total = 0;

  add(server: string, value: number | undefined): void {
    if (value === undefined) return;
    const last = this.last.get(server);
    this.total += last === undefined ? 0 : value >= last ? value - last : value;
    this.last.set(server, value);
  }
}

/**
 * Samples `INFO` once a second, on each primary of a cluster, summed: commands, connections and CPU. Ops/s is counted from `total_commands_processed` rather than
 * `instantaneous_ops_per_sec` (a short moving average that misses bursts); a restarted
 * server counts from 0 again, so a drop is taken as a restart and its new count added. After a
 * cluster failover the new primary's count (replicated writes included) starts a new series.
 */
export class RedisStatsSampler {
  private timer: NodeJS.Timeout | undefined;
  private readonly commands = new ServerCounters();
  private readonly cpu = new ServerCounters();
  private peakConnections = 0;
  private samples = 0;
  private startedAt = 0;

  constructor(private readonly client: RedisClient, private readonly intervalMs = 1_000) {}

  start(): void {
    this.startedAt = Date.now();
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
  }

  async stop(): Promise<RedisStats> {
    clearInterval(this.timer);
    await within(this.sample(), 2_000, undefined);
    const seconds = Math.max(0.001, (Date.now() - this.startedAt) / 1000);
    return { opsPerSecond: this.commands.total / seconds, peakConnections: this.peakConnections, cpuSeconds: this.cpu.total, samples: this.samples };
  }

  private async sample(): Promise<void> {
    let infos: { server: string; info: string }[] | undefined;
    try {
      const servers = await everyPrimary(this.client);
      const reading = Promise.all(servers.map(async (server) => ({ server: `${server.options.host}:${server.options.port}`, info: await server.info() })));
      infos = await within(reading, this.intervalMs, undefined);
    } catch {
      infos = undefined;
    }
    // Redis is down or slow (a chaos restart or failover): the next sample counts on.
    if (!infos) return;
    let connections = 0;
    for (const { server, info } of infos) {
      this.commands.add(server, infoField(info, 'total_commands_processed'));
      const cpu = [infoField(info, 'used_cpu_sys'), infoField(info, 'used_cpu_user')];
      this.cpu.add(server, cpu.every((value) => value !== undefined) ? (cpu[0] as number) + (cpu[1] as number) : undefined);
      connections += infoField(info, 'connected_clients') ?? 0;
    }
    this.peakConnections = Math.max(this.peakConnections, connections);
    this.samples += 1;
  }
}
