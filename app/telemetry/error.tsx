'use client';

export default function TelemetryError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="panel" aria-labelledby="telemetry-error">
      <h2 id="telemetry-error">Telemetry could not be loaded</h2>
      <p role="alert" className="error-text">
        {error.digest ? `The telemetry queries failed (digest ${error.digest}); the server log has the details.` : error.message}
      </p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
