// Run content reaches the terminal as visible text, never as control sequences: every output of
// `npm run runs` (list, show, tail) and `npm run smoke`, coloured or not.
import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import type { RunListItem } from '@/lib/runs/list-runs';
import { replayTranscript } from '@/lib/runs/transcript-reducer';
import { createColors, plain } from './colors';
import { HOSTILE, hostileDetail, hostileEvents, RAW_CONTROL } from './fixtures';
import { formatRunHeader, formatRunShow } from './run-show';
import { formatRunList } from './runs-list-table';
import { planSmoke } from './smoke-plan';
import { formatSmokeSummary, runSummary } from './smoke-report';
import { TailPrinter } from './tail-printer';

/** The colours the CLI adds itself (colors.ts): the only escapes allowed, and only when colours are on. */
// eslint-disable-next-line no-control-regex
const OWN_COLOURS = /\u001b\[\d+m/g;

const listItem = (): RunListItem => {
  const { run } = hostileDetail();
  return { ...run, runtime: 'openai-chat', importedFromId: HOSTILE, durationMs: 1200 };
};

function outputs(colors = plain): Record<string, string> {
  const detail = hostileDetail();
  const printer = new TailPrinter(colors);
  const smoke = runSummary(
    planSmoke(providerProfileSchema.parse(BUILTIN_PROFILES.find((profile) => profile.name === 'simulator-anthropic')), {
      stream: true,
      tools: true,
    }),
    detail,
    replayTranscript(hostileEvents()),
  );
  return {
    list: formatRunList({ runs: [listItem()], nextCursor: null, callWindow: null }, colors).join('\n'),
    show: formatRunShow(detail, replayTranscript(hostileEvents()), colors).join('\n'),
    tail:
      formatRunHeader(detail, colors).join('\n') +
      hostileEvents()
        .map((event) => printer.write(event))
        .join('') +
      printer.end(),
    smoke: formatSmokeSummary(smoke, colors).join('\n'),
  };
}

describe('run content in the terminal', () => {
  it('list, show, tail and smoke print no raw ESC, BEL, CR, DEL, C1 or bidi control from a run, and still show it', () => {
    for (const [name, text] of Object.entries(outputs())) {
      expect({ name, raw: RAW_CONTROL.exec(text)?.[0] }).toEqual({ name, raw: undefined });
      // Shown, visibly: the OSC 52 clipboard write is there as text.
      expect({ name, shown: text.includes('␛]52;c;') }).toEqual({ name, shown: true });
    }
  });

  it('with colours on, the only escapes are the colours the CLI adds itself', () => {
    for (const [name, text] of Object.entries(outputs(createColors(true)))) {
      expect(text).toMatch(OWN_COLOURS);
      expect({ name, raw: RAW_CONTROL.exec(text.replace(OWN_COLOURS, ''))?.[0] }).toEqual({ name, raw: undefined });
    }
  });
});
