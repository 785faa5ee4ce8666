import cliProgress from 'cli-progress';

/** What a progress display shows: a percentage, a status word and a message. */
export interface ProgressState {
  percent: number;
  status: string;
  message: string;
}

export interface ProgressView {
  update(state: ProgressState): void;
  /** Leaves the last state on screen (the bar stays drawn; plain mode prints nothing more). */
  stop(): void;
}

/**
 * On a terminal, a live bar with the status and the progress message (cli-progress), redrawn in
 * place; elsewhere (a pipe, a CI log), one plain line per change: `12:00:01 processing  41% Processed …`.
 */
export function createProgressView(stream: NodeJS.WriteStream): ProgressView {
  return stream.isTTY ? new BarView(stream) : new LineView(stream);
}

class BarView implements ProgressView {
  private readonly bar: cliProgress.SingleBar;
  private started = false;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.bar = new cliProgress.SingleBar(
      {
        stream,
        format: '{bar} {percentage}% | {status} | {message}',
        barsize: 30,
        hideCursor: true,
        // The line is cut at the terminal's width instead of wrapping (a wrapped line cannot be redrawn).
        linewrap: false,
        clearOnComplete: false,
        stopOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  update({ percent, status, message }: ProgressState): void {
    const payload = { status, message: this.fit(message) };
    if (!this.started) {
      this.bar.start(100, percent, payload);
      this.started = true;
    } else {
      this.bar.update(percent, payload);
    }
  }

  stop(): void {
    if (this.started) this.bar.stop();
    this.started = false;
  }

  /** Room for the message: the terminal's width less the bar, the percentage and the status. */
  private fit(message: string): string {
    const room = Math.max(10, (this.stream.columns || 80) - 55);
    return message.length > room ? `${message.slice(0, room - 1)}…` : message;
  }
}

class LineView implements ProgressView {
  private last = '';

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update({ percent, status, message }: ProgressState): void {
    const line = `${status.padEnd(10)} ${String(percent).padStart(3)}%${message ? `  ${message}` : ''}`;
    if (line === this.last) return;
    this.last = line;
    this.stream.write(`${clock()} ${line}\n`);
  }

  stop(): void {}
}

/** The local time of day, HH:MM:SS. */
export function clock(date = new Date()): string {
  return date.toTimeString().slice(0, 8);
}
