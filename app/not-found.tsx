import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="panel" aria-labelledby="not-found-heading">
      <h1 id="not-found-heading">Not found</h1>
      <p>There is no page at this address in this version of Switchboard.</p>
      <p>
        <Link href="/">Back to the console</Link>
      </p>
    </section>
  );
}
