import type { Redis } from 'ioredis';

/** What `RedisStatsSampler` saw over a run. */
export interface RedisStats {
  /** Commands processed per second: the `total_commands_processed` delta over the run's time. */
  opsPerSecond: number;
  /** The highest `connected_clients` seen (the sampler's own connection included). */
  peakConnections: number;
  samples: number;
}

function infoField(info: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:(\\d+)`, 'm').exec(info);
  return match ? Number(match[1]) : undefined;
}

/**
 * Samples `INFO` once a second. Ops/s is counted from `total_commands_processed` rather than
 * `instantaneous_ops_per_sec` (a short moving average that misses bursts); a restarted
 * server counts from 0 again, so a drop is taken as a restart and its new count added.
 */
export class RedisStatsSampler {
  private timer: NodeJS.Timeout | undefined;
  private lastCommands: number | undefined;
  private commands = 0;
  private peakConnections = 0;
  private samples = 0;
  private startedAt = 0;

  constructor(private readonly client: Redis, private readonly intervalMs = 1_000) {}

  start(): void {
    this.startedAt = Date.now();
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
  }

  async stop(): Promise<RedisStats> {
    clearInterval(this.timer);
    await this.sample();
    const seconds = Math.max(0.001, (Date.now() - this.startedAt) / 1000);
    return { opsPerSecond: this.commands / seconds, peakConnections: this.peakConnections, samples: this.samples };
  }

  private async sample(): Promise<void> {
    let info: string;
    try {
      info = await this.client.info();
    } catch {
      return; // Redis is down (a chaos restart): the next sample counts on.
    }
    const commands = infoField(info, 'total_commands_processed');
    const connections = infoField(info, 'connected_clients');
    if (commands !== undefined) {
      this.commands += this.lastCommands === undefined ? 0 : commands >= this.lastCommands ? commands - this.lastCommands : commands;
      this.lastCommands = commands;
    }
    if (connections !== undefined) this.peakConnections = Math.max(this.peakConnections, connections);
    this.samples += 1;
  }
}
