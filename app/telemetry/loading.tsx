export default function TelemetryLoading() {
  return (
    <div className="page-heading">
      <h1>Telemetry</h1>
      <p className="muted" role="status">
        Loading telemetry…
      </p>
    </div>
  );
}
