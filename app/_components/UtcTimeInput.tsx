import type { ComponentProps } from 'react';
import { UTC_TIME_FORMAT } from './utc-time-text';

/**
 * A time typed as the console writes times, 24-hour UTC ("2025-01-02 15:04"): a text field, so it
 * reads the same in every browser (a datetime-local input takes the browser's locale and clock).
 * Its text is read with parseUtcTimeText and written with utcTimeText (utc-time-text.ts).
 */
export function UtcTimeInput(props: Omit<ComponentProps<'input'>, 'type' | 'placeholder'>) {
  return <input {...props} type="text" placeholder={UTC_TIME_FORMAT} autoComplete="off" spellCheck={false} />;
}
