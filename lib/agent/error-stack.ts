/**
 * A stack trace fit for an error artifact: frames of the checkout's own sources, with paths relative
 * to it. Bundler output (`.next/…` chunks, webpack/turbopack runtime), dependencies and Node's
 * internals say nothing to the person reading the artifact and are left out; so is the server's
 * directory layout. Null when no frame of our own code remains.
 */
export function artifactStack(stack: string | undefined | null, root: string = process.cwd(), maxFrames = 10): string | null {
  if (!stack) return null;
  const lines = stack.split('\n');
  const frames = lines
    .filter((line) => /^\s+at /.test(line))
    .filter(
      (line) =>
        !/[\\/]\.next[\\/]|[\\/]node_modules[\\/]|node:internal|\bnode:|webpack|turbopack|\[project\]|[\\/]chunks[\\/]|<anonymous>|native/.test(
          line,
        ),
    )
    .map((line) => line.split(`file://${root}`).join('.').split(root).join('.').trim())
    .slice(0, maxFrames);
  if (!frames.length) return null;
  const head = lines
    .filter((line) => !/^\s+at /.test(line))
    .join('\n')
    .split(root)
    .join('.');
  return [head, ...frames.map((frame) => `    ${frame}`)].join('\n');
}
