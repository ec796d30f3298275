import { describe, expect, it } from 'vitest';
import { errorArtifactFileName, parseErrorArtifactFileName, turnIndexOf, turnNumber } from './turn-number';

describe('turn numbers', () => {
  it('people count turns from 1, the data from 0', () => {
    expect(turnNumber(0)).toBe(1);
    expect(turnNumber(11)).toBe(12);
    expect(turnIndexOf(1)).toBe(0);
    expect(turnIndexOf(turnNumber(7))).toBe(7);
  });

  it('names the first turn’s error artifact turn_1.json, and reads the name back to its index', () => {
    expect(errorArtifactFileName(0)).toBe('turn_1.json');
    expect(errorArtifactFileName(11)).toBe('turn_12.json');
    expect(parseErrorArtifactFileName('turn_1.json')).toBe(0);
    expect(parseErrorArtifactFileName('turn_12.json')).toBe(11);
    expect(parseErrorArtifactFileName(errorArtifactFileName(41))).toBe(41);
  });

  it('accepts only turn_<n>.json with n from 1 as an error artifact file', () => {
    for (const bad of [
      'turn_0.json',
      'turn_01.json',
      'turn_-1.json',
      'turn_1.json.exe',
      '../turn_1.json',
      'turn_.json',
      'turn_1234567.json',
    ]) {
      expect(parseErrorArtifactFileName(bad), bad).toBeNull();
    }
  });
});
