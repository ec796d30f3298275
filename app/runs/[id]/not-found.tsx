import Link from 'next/link';

export default function RunNotFound() {
  return (
    <section className="panel" aria-labelledby="run-not-found-heading">
      <h1 id="run-not-found-heading">No such run</h1>
      <p>There is no run with this id. It may have been deleted, or the address is from another database.</p>
      <p>
        <Link href="/runs">Back to the runs</Link>
      </p>
    </section>
  );
}
