/**
 * Maps values the recording produced (file ids, note ids, ETags, chunk cursors) to the ones the
 * double produced for the same object, so later requests can use them and responses can be checked
 * for consistency: an id must keep mapping to the same id throughout the replay.
 */
export class ValueMap {
  private readonly forward = new Map<string, string>();
  private readonly backward = new Map<string, string>();

  /** Learns `recorded → actual` (last one wins), for substitution only. */
  learn(recorded: string, actual: string): void {
    if (recorded === '' || actual === '') return;
    this.forward.set(recorded, actual);
    this.backward.set(actual, recorded);
  }

  /** Like {@link learn}, but reports a problem when either side was already paired with something else. */
  expectSame(kind: string, recorded: string, actual: string, problems: string[]): void {
    const known = this.forward.get(recorded);
    const knownBack = this.backward.get(actual);
    if (known !== undefined && known !== actual) {
      problems.push(`${kind}: recorded ${recorded} was ${known} earlier, now ${actual}`);
    } else if (knownBack !== undefined && knownBack !== recorded) {
      problems.push(`${kind}: ${actual} stands for recorded ${knownBack}, now also for ${recorded}`);
    }
    this.learn(recorded, actual);
  }

  get(recorded: string): string | undefined {
    return this.forward.get(recorded);
  }

  /** Replaces every learned recorded value in `text` (whole tokens only, longest first, in one pass). */
  apply(text: string): string {
    if (this.forward.size === 0) return text;
    const keys = [...this.forward.keys()].sort((a, b) => b.length - a.length);
    const escaped = keys.map((key) => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const pattern = new RegExp(`(?<![0-9A-Za-z])(${escaped.join('|')})(?![0-9A-Za-z])`, 'g');
    return text.replace(pattern, (match) => this.forward.get(match) ?? match);
  }
}
