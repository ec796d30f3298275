/**
 * Where the console shows what a CLI started: SWITCHBOARD_PUBLIC_URL when set (the address people
 * reach it at), else this machine's console on PORT (default 3000), as `npm start` serves it.
 */
export function consoleBase(env: Record<string, string | undefined>): string {
  const configured = env.SWITCHBOARD_PUBLIC_URL?.trim().replace(/\/+$/, '');
  if (configured && /^https?:\/\/[^\s]+$/i.test(configured)) return configured;
  const port = /^\d{1,5}$/.test(env.PORT?.trim() ?? '') ? env.PORT!.trim() : '3000';
  return `http://localhost:${port}`;
}

export const runPageUrl = (env: Record<string, string | undefined>, runId: string) => `${consoleBase(env)}/runs/${runId}`;

export const comparisonPageUrl = (env: Record<string, string | undefined>, comparisonId: string) =>
  `${consoleBase(env)}/compare/${comparisonId}`;
