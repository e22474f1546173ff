/** What every benchmark module exports; bench/benchmarks.ts lists them and bench/main.ts runs one. */

export interface BenchmarkOptions {
  /** Smaller sizes: a check that the benchmark works, not a measurement to keep. */
  quick: boolean;
}

/** A benchmark's figures by name: numbers mostly, written to RESULTS.md and printed as JSON. */
export type Figures = Record<string, unknown>;

export interface Benchmark {
  /** The name on the command line and the heading of its section in RESULTS.md. */
  name: string;
  /** One line: what it measures. */
  description: string;
  /**
   * Starts what it needs (its own Kafka and Redis, see local-infra.ts), measures,
   * stops it all again, and returns the figures. Progress goes to standard error.
   */
  run(options: BenchmarkOptions): Promise<Figures>;
  /** Its figures as a Markdown table for RESULTS.md, when one row a figure does not read well. */
  table?(figures: Figures): string;
}
