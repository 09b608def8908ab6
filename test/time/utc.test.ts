import test from 'ava';
import { DAY_MS, formatCompactUtc, formatUtcDay, formatUtcSeconds, msUntilNextUtcDay, utcDayNumber } from '../../source/time/utc.js';

test("the audits' two timestamp spellings and the UTC day of an instant", (t) => {
	const instant = new Date('2026-02-15T18:24:01.789Z');
	t.is(formatUtcSeconds(instant), '2026-02-15T18:24:01Z');
	t.is(formatCompactUtc(instant), '20260215T182401Z');
	t.is(formatUtcDay(instant), '2026-02-15');
});

test('how long until the next UTC day: a block expiring at midnight is noticed then', (t) => {
	t.is(msUntilNextUtcDay(new Date('2026-12-10T23:59:59.000Z')), 1000);
	t.is(msUntilNextUtcDay(new Date('2026-12-10T00:00:00.000Z')), DAY_MS);
	t.is(msUntilNextUtcDay(new Date('2026-12-10T12:00:00.000Z')), DAY_MS / 2);
});

test('a YYYY-MM-DD day is a real calendar day or nothing', (t) => {
	t.is(utcDayNumber('1970-01-02'), 1);
	t.is(utcDayNumber('2026-02-30'), null);
	t.is(utcDayNumber('2026-2-3'), null);
	t.is(utcDayNumber('tomorrow'), null);
});
