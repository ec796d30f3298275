import { parseArgs } from 'node:util';

export type SmokeArgs = {
  profiles: string[];
  all: boolean;
  simulator: boolean;
  stream: boolean;
  tools: boolean;
  scenario: string | null;
  json: boolean;
  help: boolean;
};

export const SMOKE_USAGE = `Usage: npm run smoke -- (--profile <name> … | --all | --simulator) [--stream] [--tools] [--json]

  --profile <name>  call this profile (repeatable; built-in or from switchboard.profiles.json)
  --all             every built-in real profile (OpenAI, Anthropic, OpenRouter); those without a key are skipped
  --simulator       the four Simulator profiles, against a simulator started in this process
  --stream          request streaming (default: a non-streaming call)
  --tools           offer list_files and ask for one tool round trip
  --scenario <s>    Simulator profiles only: a fault scenario, e.g. "rate_limit_json; times=1" or stream_unsupported
  --json            one JSON summary per profile instead of the report

Each call is capped (64 output tokens, 256 with --tools, plus 1024 for reasoning) at temperature 0
where the provider accepts it, and recorded as a run. Exit code: 0 all succeeded or skipped, 1 a call
failed, 2 bad usage.`;

export type ParsedSmokeArgs = { ok: true; args: SmokeArgs } | { ok: false; message: string };

export function parseSmokeArgs(argv: string[]): ParsedSmokeArgs {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        profile: { type: 'string', multiple: true, short: 'p' },
        all: { type: 'boolean' },
        simulator: { type: 'boolean' },
        stream: { type: 'boolean' },
        tools: { type: 'boolean' },
        scenario: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (positionals.length) return { ok: false, message: `Unexpected argument: ${positionals[0]} (profiles are named with --profile).` };
    return {
      ok: true,
      args: {
        profiles: (values.profile ?? [])
          .flatMap((value) => value.split(','))
          .map((name) => name.trim())
          .filter(Boolean),
        all: !!values.all,
        simulator: !!values.simulator,
        stream: !!values.stream,
        tools: !!values.tools,
        scenario: values.scenario?.trim() || null,
        json: !!values.json,
        help: !!values.help,
      },
    };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}
