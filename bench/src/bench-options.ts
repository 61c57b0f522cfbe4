/** What `npm run bench` was asked for besides the benchmarks' names. */
export interface BenchOptions {
  /** `--profile`: the zero-latency runs profile their worker (`node --cpu-prof`) and print where its CPU went. */
  profile: boolean;
  /** `--fit`: the calibration benchmark also prints the weight search on its tuning split. */
  fit: boolean;
}
