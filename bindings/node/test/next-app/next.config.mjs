// The package loads its native library from its own folder at run time: Next.js must require it
// from node_modules rather than bundle it.
const nextConfig = {
  serverExternalPackages: ['sharpapi-webhooks'],
};

export default nextConfig;
