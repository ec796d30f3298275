/**
 * Reads that many callers ask for at nearly the same moment, answered together: the requests of one
 * turn of the event loop (and those that arrive while `maxInFlight` statements are already running)
 * go into one `load` — one statement, one round trip — instead of one each. Each caller gets its own
 * answer; when the load fails, every caller of that load gets its error.
 */
export class BatchedReads<Request, Answer> {
  private queue: { request: Request; resolve: (answer: Answer) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    /** Answers the requests, in their order. */
    private readonly load: (requests: Request[]) => Promise<Answer[]>,
    private readonly maxInFlight = 2,
  ) {}

  read(request: Request): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.next();
        });
      }
    });
  }

  private next(): void {
    if (this.inFlight >= this.maxInFlight || !this.queue.length) return;
    const pending = this.queue;
    this.queue = [];
    this.inFlight++;
    this.load(pending.map((item) => item.request))
      .then(
        (answers) => pending.forEach((item, index) => item.resolve(answers[index]!)),
        (error: unknown) => pending.forEach((item) => item.reject(error)),
      )
      .finally(() => {
        this.inFlight--;
        this.next();
      });
  }
}
