/** A numeric field of an `INFO` reply (`used_cpu_sys`, `total_commands_processed`, …); undefined when absent. */
export function infoField(info: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info);
  return match ? Number(match[1]) : undefined;
}

/** The CPU seconds (user + system) an `INFO` reply says its server has used; 0 when it says none. */
export function infoCpuSeconds(info: string): number {
  return (infoField(info, 'used_cpu_sys') ?? 0) + (infoField(info, 'used_cpu_user') ?? 0);
}
