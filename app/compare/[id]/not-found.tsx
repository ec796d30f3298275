import Link from 'next/link';

/** `/compare/<id>` for an id that is not a comparison here. Answered with HTTP 404. */
export default function ComparisonNotFound() {
  return (
    <section className="panel" aria-labelledby="comparison-not-found-heading">
      <h1 id="comparison-not-found-heading">No such comparison</h1>
      <p>
        There is no comparison at this address. A comparison address is <code>/compare/&lt;comparison id&gt;</code>, where the id is a UUID
        such as <code>0199d2c4-7a1e-7b3c-9f00-1234567890ab</code>.
      </p>
      <p>
        <Link href="/compare">Back to the comparisons</Link> · <Link href="/runs/new">Start a new run</Link>
      </p>
    </section>
  );
}
