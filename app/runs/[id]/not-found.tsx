import Link from 'next/link';

/** `/runs/<id>` for an id that is not a run: malformed (not a UUID) or unknown here. Answered with HTTP 404. */
export default function RunNotFound() {
  return (
    <section className="panel" aria-labelledby="run-not-found-heading">
      <h1 id="run-not-found-heading">No such run</h1>
      <p>
        There is no run at this address. A run address is <code>/runs/&lt;run id&gt;</code>, where the id is a UUID such as{' '}
        <code>0199d2c4-7a1e-7b3c-9f00-1234567890ab</code>; this one is not a UUID, or no run has it in this database (it may come from
        another instance — an exported bundle can be loaded here with <code>npm run import</code>).
      </p>
      <p>
        <Link href="/runs">Back to the runs</Link> · <Link href="/runs/new">Start a new run</Link>
      </p>
    </section>
  );
}
