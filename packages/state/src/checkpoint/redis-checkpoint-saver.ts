import type { RunnableConfig } from '@langchain/core/runnables';
import {
  BaseCheckpointSaver,
  compareWritesSortKeys,
  copyCheckpoint,
  getCheckpointId,
  maxChannelVersion,
  TASKS,
  WRITES_IDX_MAP,
  writesSortKey,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  type PendingWrite,
  type SerializerProtocol,
} from '@langchain/langgraph-checkpoint';
import type { RedisClient } from '../redis-connection';
import { CheckpointKeys } from '../keys';
import { scanKeys } from '../scan-keys';
import { runLuaCommand, runLuaCommandBuffer } from '../lua-scripts';
import { ThreadRaceError } from '@gapflow/core';
import { FastJsonPlusSerializer } from './fast-json-plus-serializer';
import { CheckpointOrderError } from './checkpoint-order-error';

export interface RedisCheckpointSaverOptions {
  /** An ioredis client; the saver does not close it. */
  client: RedisClient;
  /** Prefix of every key. @defaultValue `gapflow:cp` */
  keyPrefix?: string;
  /** Lifetime of every key, refreshed whenever the key is written. @defaultValue 86400 (24 h) */
  ttlSeconds?: number;
  /**
   * The Redis Cluster hash tag of a thread's keys. gapflow passes the session id, so that a
   * session's threads share a slot with its other keys and are erased with them.
   * @defaultValue the thread id itself
   */
  hashTagOf?: (threadId: string) => string;
  /** Checkpoints read per round trip by `list`. @defaultValue 50 */
  pageSize?: number;
  /**
   * Keep each thread one line of checkpoints: `put` refuses (with `ThreadRaceError`) a
   * checkpoint whose parent is no longer the thread's newest, because another run of the
   * thread saved first. Off, a checkpoint may be put on any parent, as LangGraph's own savers
   * allow (forks from an older checkpoint). gapflow's workers turn it on: two runs of one job
   * at once must not fork a thread. @defaultValue false
   */
  fenceRuns?: boolean;
  /** How values are written. @defaultValue `FastJsonPlusSerializer` (LangGraph's format, read and written faster) */
  serde?: SerializerProtocol;
}

/** A stored pending write: what `putWrites` received, serialized. */
interface StoredWrite {
  taskId: string;
  channel: string;
  type: string;
  /** base64 of the serialized value. */
  value: string;
  taskPath: string;
}

/** The field of a channel value in the blobs hash: one per channel and version. */
function blobField(channel: string, version: number | string): string {
  return JSON.stringify([channel, String(version)]);
}

/**
 * A channel value as stored: its serializer type, a NUL, and the serialized bytes as they are
 * (type `empty`, no bytes: a channel updated to nothing). Binary-safe in a Redis hash, so no
 * base64 and no JSON around it: the session's CV and JD are read on every step.
 */
function blobOf(type: string, bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${type}\0`), bytes]);
}

/** The earlier format, still read: JSON `{ type, value: base64 }`. */
interface JsonBlob {
  type: string;
  value: string;
}

/** A stored blob's type and bytes, in either format. */
function readBlob(raw: Buffer): { type: string; bytes: Uint8Array } {
  // '{': a JSON blob of the earlier format (a type never starts with one).
  if (raw[0] === 0x7b) {
    const blob = JSON.parse(raw.toString()) as JsonBlob;
    return { type: blob.type, bytes: Buffer.from(blob.value, 'base64') };
  }
  const end = raw.indexOf(0);
  return { type: raw.subarray(0, end).toString(), bytes: raw.subarray(end + 1) };
}

const FIELD = { checkpoint: 'checkpoint', checkpointType: 'checkpoint_type', metadata: 'metadata', metadataType: 'metadata_type', parent: 'parent', blobFields: 'blob_fields' } as const;

/** A hash as Redis returns it flat (field, value, field, value …), as an object. */
function pairsOf(flat: Buffer[]): Record<string, Buffer>;
function pairsOf<T>(flat: Buffer[], valueOf: (value: Buffer) => T): Record<string, T>;
function pairsOf(flat: Buffer[], valueOf: (value: Buffer) => unknown = (value) => value): Record<string, unknown> {
  const pairs: Record<string, unknown> = {};
  for (let index = 0; index + 1 < flat.length; index += 2) pairs[(flat[index] as Buffer).toString()] = valueOf(flat[index + 1] as Buffer);
  return pairs;
}

/** A key prefix as a SCAN pattern that matches only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
}

function requireThreadId(config: RunnableConfig, action: string): string {
  const threadId = config.configurable?.thread_id as unknown;
  if (typeof threadId !== 'string' || threadId.length === 0) {
    throw new Error(`Failed to ${action}: the RunnableConfig has no "thread_id" in its "configurable" property.`);
  }
  return threadId;
}

/**
 * Channel values are stored once per channel version, as LangGraph's Postgres saver does: a
 * checkpoint carries only its version map, and `put` writes only the channels in
 * `newVersions`. The session's CV and JD are therefore stored once, not in every checkpoint.
 *
 * A LangGraph checkpointer on plain Redis 7 (strings, hashes, sets, sorted sets; no modules),
 * through ioredis. A checkpoint and its index entry are written by one Lua script, so a
 * crash leaves either the previous checkpoint or the new one, never half of one. Checkpoint ids are
 * time-ordered (uuid6), so a sorted set read by lexical range gives the newest first without
 * reading the rest: `list(limit: 10)` on a thread of 1,000 checkpoints reads 10.
 *
 * Passes `@langchain/langgraph-checkpoint-validation` (see `redis-checkpoint-saver.test.ts`).
 *
 * @example
 * const saver = new RedisCheckpointSaver({ client: createRedisConnection(url), ttlSeconds: 86_400 });
 * const graph = builder.compile({ checkpointer: saver });
 */
export class RedisCheckpointSaver extends BaseCheckpointSaver {
  private readonly client: RedisClient;
  private readonly keys: CheckpointKeys;
  private readonly ttlSeconds: number;
  private readonly pageSize: number;
  private readonly fenceRuns: boolean;

  constructor(options: RedisCheckpointSaverOptions) {
    super(options.serde ?? new FastJsonPlusSerializer());
    this.client = options.client;
    this.keys = new CheckpointKeys(options.keyPrefix ?? 'gapflow:cp', options.hashTagOf ?? ((threadId) => threadId));
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
    this.pageSize = options.pageSize ?? 50;
    this.fenceRuns = options.fenceRuns ?? false;
  }

  /** The key layout, for erasure and tests. */
  get keyLayout(): CheckpointKeys {
    return this.keys;
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = config.configurable?.thread_id as string | undefined;
    if (threadId === undefined) return undefined;
    const namespace = (config.configurable?.checkpoint_ns as string | undefined) ?? '';
    const wantedId = getCheckpointId(config) || '';
    // One round trip: the checkpoint (the newest when no id is given), its writes and its values.
    const reply = await runLuaCommandBuffer<[Buffer, Buffer[], Buffer[], (Buffer | null)[]?] | null>(
      this.client,
      'get-checkpoint-2.lua',
      this.keys.index(threadId, namespace),
      this.keys.blobs(threadId, namespace),
      this.keys.checkpointKeyPrefix(threadId, namespace),
      wantedId,
    );
    if (!reply) return undefined;
    const [id, checkpointFields, writeFields, blobs] = reply;
    const tuple = await this.tupleFrom(threadId, namespace, id.toString(), pairsOf(checkpointFields), pairsOf(writeFields, (value) => value.toString()), blobs);
    if (!tuple) return undefined;
    // A lookup by id answers with the caller's config, as LangGraph's own savers do.
    return wantedId ? { ...tuple, config } : tuple;
  }

  async *list(config: RunnableConfig, options: CheckpointListOptions = {}): AsyncGenerator<CheckpointTuple> {
    const { filter, before } = options;
    let remaining = options.limit;
    if (remaining !== undefined && remaining <= 0) return;
    const threadIds = config.configurable?.thread_id !== undefined ? [config.configurable.thread_id as string] : await this.allThreadIds();
    const wantedNamespace = config.configurable?.checkpoint_ns as string | undefined;
    const wantedId = (config.configurable?.checkpoint_id as string | undefined) || undefined;
    const beforeId = (before?.configurable?.checkpoint_id as string | undefined) || undefined;

    for (const threadId of threadIds) {
      const namespaces = wantedNamespace !== undefined ? [wantedNamespace] : (await this.client.smembers(this.keys.namespaces(threadId))).sort();
      for (const namespace of namespaces) {
        let max = beforeId ? `(${beforeId}` : '+';
        if (wantedId) max = beforeId && beforeId <= wantedId ? '-' : `[${wantedId}`;
        const min = wantedId ? `[${wantedId}` : '-';
        for (;;) {
          const count = filter ? this.pageSize : Math.min(this.pageSize, remaining ?? this.pageSize);
          const ids = max === '-' ? [] : await this.client.zrevrangebylex(this.keys.index(threadId, namespace), max, min, 'LIMIT', 0, count);
          if (ids.length === 0) break;
          for (const tuple of await this.loadTuples(threadId, namespace, ids)) {
            if (filter && !Object.entries(filter).every(([key, value]) => (tuple.metadata as Record<string, unknown> | undefined)?.[key] === value)) continue;
            yield tuple;
            if (remaining !== undefined && --remaining <= 0) return;
          }
          if (ids.length < count) break;
          max = `(${ids[ids.length - 1]}`;
        }
      }
    }
  }

  async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, newVersions: ChannelVersions): Promise<RunnableConfig> {
    const threadId = requireThreadId(config, 'put a checkpoint');
    const namespace = (config.configurable?.checkpoint_ns as string | undefined) ?? '';
    const parentId = config.configurable?.checkpoint_id as string | undefined;
    const { channel_values: values, ...rest } = copyCheckpoint(checkpoint);
    const blobs: Record<string, Buffer> = {};
    await Promise.all(
      Object.entries(newVersions).map(async ([channel, version]) => {
        blobs[blobField(channel, version)] = channel in values ? blobOf(...(await this.serde.dumpsTyped(values[channel]))) : blobOf('empty', new Uint8Array());
      }),
    );
    const [[checkpointType, serializedCheckpoint], [metadataType, serializedMetadata]] = await Promise.all([
      this.serde.dumpsTyped({ ...rest, channel_values: {} }),
      this.serde.dumpsTyped(metadata),
    ]);
    const fields: Record<string, string | Buffer> = {
      [FIELD.checkpoint]: Buffer.from(serializedCheckpoint),
      [FIELD.checkpointType]: checkpointType,
      [FIELD.metadata]: Buffer.from(serializedMetadata),
      [FIELD.metadataType]: metadataType,
      // The blobs this checkpoint's values are, one field per line (a field is JSON: no raw
      // newline), so getTuple's script reads them with the checkpoint in one round trip.
      [FIELD.blobFields]: Object.entries(rest.channel_versions ?? {}).map(([channel, version]) => blobField(channel, version)).join('\n'),
    };
    if (parentId) fields[FIELD.parent] = parentId;
    const blobsKey = this.keys.blobs(threadId, namespace);
    const indexKey = this.keys.index(threadId, namespace);
    // One script for everything in the thread's slot: the checkpoint is stored, its values and
    // its index entry written together or not at all, after the fence is checked.
    try {
      await runLuaCommand(
        this.client,
        'put-checkpoint-6.lua',
        blobsKey,
        this.keys.checkpoint(threadId, namespace, checkpoint.id),
        indexKey,
        this.keys.namespaces(threadId),
        this.keys.taggedThreads(threadId),
        this.keys.taggedKeys(threadId),
        this.ttlSeconds,
        checkpoint.id,
        namespace,
        threadId,
        this.fenceRuns ? `=${parentId ?? ''}` : '',
        Object.keys(fields).length,
        ...Object.entries(fields).flat(),
        ...Object.entries(blobs).flat(),
      );
    } catch (error) {
      const race = error instanceof Error ? /^THREAD_RACE ?(.*)$/.exec(error.message) : null;
      if (race) throw new ThreadRaceError(threadId, parentId, race[1] || undefined);
      const order = error instanceof Error ? /^CHECKPOINT_ORDER (.*)$/.exec(error.message) : null;
      if (order) throw new CheckpointOrderError(threadId, checkpoint.id, order[1] as string);
      throw error;
    }
    return { configurable: { thread_id: threadId, checkpoint_ns: namespace, checkpoint_id: checkpoint.id } };
  }

  /**
   * One above the current version, plus a random fraction. Values are stored once per channel
   * and version, and a fork (a checkpoint put on an older parent) gives a channel its next
   * version from the same parent as the original branch did: with plain counting the fork's
   * value would overwrite the original's. LangGraph's Postgres saver adds a random part for the
   * same reason; a number, unlike its string, still compares with the whole numbers of threads
   * saved before.
   */
  override getNextVersion(current: number | undefined): number {
    return Math.floor(current ?? 0) + 1 + Math.random();
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string): Promise<void> {
    const threadId = requireThreadId(config, 'put writes');
    const namespace = (config.configurable?.checkpoint_ns as string | undefined) ?? '';
    const checkpointId = config.configurable?.checkpoint_id as string | undefined;
    if (!checkpointId) throw new Error('Failed to put writes: the RunnableConfig has no "checkpoint_id" in its "configurable" property.');
    const key = this.keys.writes(threadId, namespace, checkpointId);
    const serialized = await Promise.all(writes.map(async ([channel, value]) => [channel, await this.serde.dumpsTyped(value)] as const));
    const stored = serialized.flatMap(([channel, [type, bytes]], position) => {
      const index = WRITES_IDX_MAP[channel] ?? position;
      const record: StoredWrite = { taskId, channel, type, value: Buffer.from(bytes).toString('base64'), taskPath: taskPath ?? '' };
      // Regular writes are kept from the first attempt; special ones (errors, interrupts; negative index) are replaced.
      return [`${taskId},${index}`, index >= 0 ? 'keep' : 'replace', JSON.stringify(record)];
    });
    await runLuaCommand(
      this.client,
      'put-writes-5.lua',
      key,
      this.keys.written(threadId, namespace),
      this.keys.namespaces(threadId),
      this.keys.taggedThreads(threadId),
      this.keys.taggedKeys(threadId),
      this.ttlSeconds,
      checkpointId,
      namespace,
      threadId,
      ...stored,
    );
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.deleteThreadKeys(threadId);
  }

  /** Deletes every key of a thread and says how many there were (erasure reports it). */
  async deleteThreadKeys(threadId: string): Promise<number> {
    const namespaces = await this.client.smembers(this.keys.namespaces(threadId));
    const doomed: string[] = [this.keys.namespaces(threadId)];
    for (const namespace of namespaces) {
      // Writes can outlive their checkpoint's index entry (written after it was deleted).
      const ids = new Set([...(await this.client.zrange(this.keys.index(threadId, namespace), 0, -1)), ...(await this.client.smembers(this.keys.written(threadId, namespace)))]);
      doomed.push(this.keys.index(threadId, namespace), this.keys.blobs(threadId, namespace), this.keys.written(threadId, namespace));
      for (const id of ids) doomed.push(this.keys.checkpoint(threadId, namespace, id), this.keys.writes(threadId, namespace, id));
    }
    const transaction = this.client.multi();
    for (let start = 0; start < doomed.length; start += 500) transaction.del(...doomed.slice(start, start + 500));
    transaction.srem(this.keys.taggedThreads(threadId), threadId);
    transaction.srem(this.keys.taggedKeys(threadId), ...doomed);
    const replies = (await transaction.exec()) ?? [];
    // Every reply but the last two (the SREMs) is a DEL's count of keys removed.
    return replies.slice(0, -2).reduce((sum, [, removed]) => sum + Number(removed ?? 0), 0);
  }

  /**
   * Every thread id, for `list()` without a thread, which gapflow never calls. Found by SCAN
   * over the per-tag thread sets rather than kept in one global set: such a set lived in a
   * slot of its own, grew with every thread of every session, and was never read.
   */
  private async allThreadIds(): Promise<string[]> {
    const pattern = `${escapeGlob(this.keys.prefix)}:{*}:threads`;
    const threadIds = new Set<string>();
    for (const key of await scanKeys(this.client, pattern)) for (const threadId of await this.client.smembers(key)) threadIds.add(threadId);
    return [...threadIds].sort();
  }

  /** Checkpoints by id, with their pending writes, in the order given; missing ones skipped. */
  private async loadTuples(threadId: string, namespace: string, ids: readonly string[]): Promise<CheckpointTuple[]> {
    const pipeline = this.client.pipeline();
    for (const id of ids) {
      pipeline.hgetallBuffer(this.keys.checkpoint(threadId, namespace, id));
      pipeline.hgetall(this.keys.writes(threadId, namespace, id));
    }
    const replies = (await pipeline.exec()) ?? [];
    const tuples: CheckpointTuple[] = [];
    for (const [position, id] of ids.entries()) {
      const [checkpointError, stored] = replies[position * 2] ?? [];
      const [writesError, writes] = replies[position * 2 + 1] ?? [];
      if (checkpointError) throw checkpointError;
      if (writesError) throw writesError;
      const tuple = await this.tupleFrom(threadId, namespace, id, stored as Record<string, Buffer | undefined>, writes as Record<string, string>);
      if (tuple) tuples.push(tuple);
    }
    return tuples;
  }

  /**
   * A tuple from a checkpoint's stored hash and writes, and — when the caller read them in the
   * same round trip — the blobs its `blob_fields` name, in order; otherwise they are read here.
   * Undefined when the hash is gone (expired or erased since the id was found).
   */
  private async tupleFrom(
    threadId: string,
    namespace: string,
    id: string,
    hash: Record<string, Buffer | undefined>,
    writes: Record<string, string>,
    blobs?: (Buffer | null)[],
  ): Promise<CheckpointTuple | undefined> {
    const serialized = hash[FIELD.checkpoint];
    if (!serialized) return undefined;
    const checkpoint = (await this.serde.loadsTyped(hash[FIELD.checkpointType]?.toString() ?? 'json', serialized)) as Checkpoint;
    const listed = hash[FIELD.blobFields];
    checkpoint.channel_values =
      blobs !== undefined && listed !== undefined
        ? await this.channelValuesOf(listed.toString().split('\n').filter(Boolean).map((field) => (JSON.parse(field) as [string, string])[0]), blobs)
        : await this.loadChannelValues(threadId, namespace, checkpoint.channel_versions);
    const metadata = (await this.serde.loadsTyped(hash[FIELD.metadataType]?.toString() ?? 'json', hash[FIELD.metadata] ?? Buffer.from('{}'))) as CheckpointMetadata;
    const parentId = hash[FIELD.parent]?.toString();
    if (checkpoint.v < 4 && parentId !== undefined) await this.migratePendingSends(checkpoint, threadId, namespace, parentId);
    const tuple: CheckpointTuple = {
      config: { configurable: { thread_id: threadId, checkpoint_ns: namespace, checkpoint_id: id } },
      checkpoint,
      metadata,
      pendingWrites: await this.deserializeWrites(writes),
    };
    if (parentId !== undefined) tuple.parentConfig = { configurable: { thread_id: threadId, checkpoint_ns: namespace, checkpoint_id: parentId } };
    return tuple;
  }

  /** The values a checkpoint's version map points at, read here (a checkpoint saved without `blob_fields`). */
  private async loadChannelValues(threadId: string, namespace: string, versions: Record<string, number | string>): Promise<Record<string, unknown>> {
    const channels = Object.keys(versions ?? {});
    if (channels.length === 0) return {};
    const stored = await this.client.hmgetBuffer(this.keys.blobs(threadId, namespace), ...channels.map((channel) => blobField(channel, versions[channel] as number | string)));
    return this.channelValuesOf(channels, stored);
  }

  /** Channel values from their stored blobs, in the channels' order; channels stored as empty stay absent. */
  private async channelValuesOf(channels: string[], stored: (Buffer | null)[]): Promise<Record<string, unknown>> {
    const values: Record<string, unknown> = {};
    await Promise.all(
      channels.map(async (channel, position) => {
        const raw = stored[position];
        if (!raw) return;
        const { type, bytes } = readBlob(raw);
        if (type === 'empty') return;
        values[channel] = await this.serde.loadsTyped(type, bytes);
      }),
    );
    return values;
  }

  /** Pending writes in `writesSortKey` order, the order live execution applies them. */
  private async deserializeWrites(stored: Record<string, string> | undefined): Promise<CheckpointPendingWrite[]> {
    const entries = Object.entries(stored ?? {}).map(([field, json]) => {
      const record = JSON.parse(json) as StoredWrite;
      const index = Number(field.slice(field.lastIndexOf(',') + 1));
      return { key: writesSortKey(record.taskPath, record.taskId, index), record };
    });
    entries.sort((a, b) => compareWritesSortKeys(a.key, b.key));
    return Promise.all(
      entries.map(async ({ record }) => [record.taskId, record.channel, await this.serde.loadsTyped(record.type, Buffer.from(record.value, 'base64'))] as CheckpointPendingWrite),
    );
  }

  /** Checkpoints older than format 4 kept pending sends in the parent's writes (as MemorySaver does). */
  private async migratePendingSends(checkpoint: Checkpoint, threadId: string, namespace: string, parentId: string): Promise<void> {
    const parentWrites = await this.client.hgetall(this.keys.writes(threadId, namespace, parentId));
    const ordered = await this.deserializeWrites(parentWrites);
    const mutable = checkpoint as Checkpoint & { channel_values: Record<string, unknown>; channel_versions: Record<string, number | string> };
    mutable.channel_values ??= {};
    mutable.channel_values[TASKS] = ordered.filter(([, channel]) => channel === TASKS).map(([, , value]) => value);
    mutable.channel_versions ??= {};
    mutable.channel_versions[TASKS] =
      Object.keys(mutable.channel_versions).length > 0 ? maxChannelVersion(...Object.values(mutable.channel_versions)) : this.getNextVersion(undefined);
  }
}
