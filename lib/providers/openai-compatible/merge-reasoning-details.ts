type Detail = Record<string, unknown>;

const CONCATENATED_FIELDS = ['text', 'summary', 'data'] as const;

/**
 * OpenRouter streams `reasoning_details` as fragments (one per chunk, same `index`); the next
 * request must carry them back complete. Fragments of one index are joined: text fields are
 * concatenated, other fields (signature, format, id, type) take the latest non-empty value.
 */
export class ReasoningDetailsMerger {
  private readonly byIndex = new Map<number, Detail>();
  private readonly order: number[] = [];
  private nextImplicit = 1_000_000;

  add(fragments: unknown): void {
    if (!Array.isArray(fragments)) return;
    for (const fragment of fragments) {
      if (!fragment || typeof fragment !== 'object') continue;
      const detail = fragment as Detail;
      const index = typeof detail.index === 'number' ? detail.index : this.nextImplicit++;
      const existing = this.byIndex.get(index);
      if (!existing) {
        this.byIndex.set(index, { ...detail });
        this.order.push(index);
        continue;
      }
      for (const [key, value] of Object.entries(detail)) {
        if (value === null || value === undefined || value === '') continue;
        if ((CONCATENATED_FIELDS as readonly string[]).includes(key) && typeof value === 'string' && typeof existing[key] === 'string') {
          existing[key] = `${existing[key] as string}${value}`;
        } else {
          existing[key] = value;
        }
      }
    }
  }

  get details(): Detail[] {
    return this.order.map((index) => this.byIndex.get(index)!);
  }

  /** The shareable text of the details (reasoning.text and reasoning.summary). */
  get text(): string {
    return this.details
      .map((detail) => (typeof detail.text === 'string' ? detail.text : typeof detail.summary === 'string' ? detail.summary : ''))
      .join('');
  }
}
