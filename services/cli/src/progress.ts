/** Whole numbers with thousands separators, as people read counts. */
function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `published 12,000/100,000 (12%) · 8,500 events/s · ETA 10s` */
export function progressText(done: number, total: number, elapsedMs: number, verb = 'published'): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const percent = total > 0 ? Math.floor((done * 100) / total) : 100;
  const eta = rate > 0 ? duration((total - done) / rate) : '?';
  return `${verb} ${count(done)}/${count(total)} (${percent}%) · ${count(rate)} events/s · ETA ${eta}`;
}

export interface ProgressOptions {
  total: number;
  /** Where the line is drawn; only a terminal gets one. */
  stream: { isTTY?: boolean; write(text: string): unknown };
  now?: () => number;
  /** Redraw at most this often. */
  everyMs?: number;
  /** What is being counted: `published`, `read`. */
  verb?: string;
  /** Not on a terminal: a whole line this often (0, the default: nothing), for long runs into a log. */
  lineEveryMs?: number;
}

/**
 * A progress line redrawn in place on a terminal (`\r`), at most a few times a
 * second; nothing at all when the output is a pipe or a file, where it would
 * only be noise in a log.
 */
export class ProgressLine {
  readonly #options: Required<ProgressOptions>;
  readonly #started: number;
  #lastDrawn = Number.NEGATIVE_INFINITY;
  #drawn = false;

  constructor(options: ProgressOptions) {
    this.#options = { now: Date.now, everyMs: 250, verb: 'published', lineEveryMs: 0, ...options };
    this.#started = this.#options.now();
  }

  update(done: number): void {
    const now = this.#options.now();
    if (!this.#options.stream.isTTY) {
      const every = this.#options.lineEveryMs;
      if (every <= 0 || now - this.#lastDrawn < every) return;
      this.#lastDrawn = now;
      this.#options.stream.write(
        `${progressText(done, this.#options.total, now - this.#started, this.#options.verb)}\n`,
      );
      return;
    }
    if (now - this.#lastDrawn < this.#options.everyMs && done < this.#options.total) return;
    this.#lastDrawn = now;
    this.#drawn = true;
    this.#options.stream.write(
      `\r\x1b[K${progressText(done, this.#options.total, now - this.#started, this.#options.verb)}`,
    );
  }

  /** Ends the line so what follows starts on a fresh one. */
  finish(): void {
    if (this.#drawn) this.#options.stream.write('\n');
  }
}
