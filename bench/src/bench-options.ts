/** What `npm run bench` was asked for besides the benchmarks' names. */
export interface BenchOptions {
  /** `--profile`: the zero-latency runs profile their worker (`node --cpu-prof`) and print where its CPU went. */
  profile: boolean;
}
