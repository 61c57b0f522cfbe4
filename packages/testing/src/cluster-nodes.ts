/** One line of `CLUSTER NODES`, the parts a test cluster needs. */
export interface ClusterNodeLine {
  id: string;
  /** `host:port`, without the bus port. */
  address: string;
  role: 'primary' | 'replica';
  /** The primary's id when this is a replica. */
  primaryId: string | undefined;
  /** True for the node that answered. */
  self: boolean;
  /** `fail` or `fail?` in its flags: some node cannot reach it. */
  failing: boolean;
  /** How many slot ranges it serves; 0 for replicas and empty primaries. */
  slotRanges: number;
}

/**
 * Parses `CLUSTER NODES`: `<id> <ip:port@cport[,hostname]> <flags> <primary> <ping-sent>
 * <pong-recv> <config-epoch> <link-state> <slot> <slot> …` per line.
 */
export function parseClusterNodes(text: string): ClusterNodeLine[] {
  return text.trim().split('\n').filter(Boolean).map((line) => {
    const [id, endpoint, flagList, primary, , , , , ...slots] = line.trim().split(' ');
    const flags = (flagList ?? '').split(',');
    return {
      id: id ?? '',
      address: (endpoint ?? '').split('@')[0] ?? '',
      role: flags.includes('master') ? 'primary' : 'replica',
      primaryId: primary && primary !== '-' ? primary : undefined,
      self: flags.includes('myself'),
      failing: flags.includes('fail') || flags.includes('fail?'),
      slotRanges: slots.filter((slot) => !slot.startsWith('[')).length,
    };
  });
}
