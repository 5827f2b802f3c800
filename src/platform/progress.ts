/**
 * Progress of a long command (backup, restore, doctor, catalogue): one line that updates in place
 * on a terminal, nothing at all when the output goes to a log or a pipe (a timer's journal stays
 * readable). Results are still printed by the command itself, on both.
 */
export interface Progress {
  /** Moves to `done` of `total` (total may grow), with an optional word on what is being done. */
  update(done: number, total?: number, detail?: string): void;
  /** Clears the line. */
  end(): void;
}

const SILENT: Progress = { update() {}, end() {} };

export function progress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return SILENT;
  let total = 0;
  let last = 0;
  let shown = false;
  return {
    update(done, newTotal, detail) {
      if (newTotal !== undefined) total = newTotal;
      const now = Date.now();
      // A terminal redrawn more than ten times a second only slows the work down.
      if (now - last < 100 && done < total) return;
      last = now;
      const pct = total > 0 ? ` ${Math.floor((done / total) * 100)} %` : '';
      const line = `${label}: ${done}${total > 0 ? `/${total}` : ''}${pct}${detail ? ` · ${detail}` : ''}`;
      stream.write(`\r\x1b[2K${line.slice(0, (stream.columns || 80) - 1)}`);
      shown = true;
    },
    end() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

/** "1.4 GB", "820 kB": sizes as people read them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
