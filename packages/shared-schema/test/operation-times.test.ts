import { describe, expect, it } from 'vitest';
import { CreateOperationRequest, ScheduleOperationRequest } from '../src/index';

describe('operation start times in GM contracts', () => {
  it('accepts epoch ms and ISO strings', () => {
    expect(ScheduleOperationRequest.parse({ startsAt: Date.UTC(2027, 0, 1) }).startsAt.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(ScheduleOperationRequest.parse({ startsAt: '2027-01-01T12:00:00Z' }).startsAt.getTime()).toBe(Date.UTC(2027, 0, 1, 12));
  });

  it('refuses null, booleans, garbage and dates no one meant (null used to read as 1970)', () => {
    for (const startsAt of [null, true, false, 'soon', -8.64e15, Date.UTC(1970, 0, 1), Date.UTC(2300, 0, 1), 1.5]) {
      expect(ScheduleOperationRequest.safeParse({ startsAt }).success, String(startsAt)).toBe(false);
    }
    expect(CreateOperationRequest.safeParse({ template: 'data_breach', startsAt: null }).success).toBe(false);
    expect(CreateOperationRequest.safeParse({ template: 'data_breach' }).success).toBe(true);
  });
});
