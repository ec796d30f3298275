// What the transcript says where streamed output stopped early — the run page and `npm run runs`
// use the same words.
import type { CutReason } from './transcript-reducer';

export const CUT_TEXT: Record<CutReason, string> = {
  failed:
    '✂ Output cut off here: the call failed before it finished. It is not retried, because this text was already shown (a retry could answer differently).',
  cancelled: '✂ Output stopped here: the run was cancelled.',
  stopped: '✂ Output stopped here: the run stopped before the call finished.',
};

export const REASONING_CUT_TEXT: Record<CutReason, string> = {
  failed: 'cut off: the call failed before it finished',
  cancelled: 'stopped: the run was cancelled',
  stopped: 'stopped before the call finished',
};
