import { cvss3BaseScore } from '../../../src/sbom/osv/cvss';
import { cvssRating, rateSeverity } from '../../../src/sbom/osv/severity';

/** A match's severity: the CVSS v3 base score computed from the vector, else the database's rating. */

describe('cvss3BaseScore', () => {
  test.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1],
    // Scope changed: the impact formula changes, PR:L weighs 0.68 instead of 0.62, and the sum is scaled by 1.08.
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9],
    ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H', 9.1],
    ['CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:N/A:N', 6.8],
    ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.6],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
    // Temporal and environmental metrics are allowed and do not change the base score.
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C/MAV:L', 9.8],
  ])('%s scores %d', (vector, score) => {
    expect(cvss3BaseScore(vector)).toBe(score);
  });

  test.each([
    ['a CVSS v2 vector', 'AV:N/AC:L/Au:N/C:P/I:P/A:P'],
    ['a CVSS v4 vector', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'],
    ['a missing base metric', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H'],
    ['an undefined value', 'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'],
    ['a value inherited from Object', 'CVSS:3.1/AV:constructor/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'],
    ['a metric twice', 'CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'],
    ['an unknown metric', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y'],
  ])('returns undefined for %s', (_, vector) => {
    expect(cvss3BaseScore(vector)).toBeUndefined();
  });
});

describe('rateSeverity', () => {
  const CRITICAL = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' };
  const LOW = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N' };
  const V4 = { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' };

  test('rates the CVSS v3 vector and keeps its score, over the database rating', () => {
    expect(rateSeverity([LOW], ['CRITICAL'])).toEqual({ severity: 'low', score: 3.1 });
  });

  test('takes the highest of several CVSS v3 vectors', () => {
    expect(rateSeverity([LOW, CRITICAL], [])).toEqual({ severity: 'critical', score: 9.8 });
  });

  test.each([
    ['CRITICAL', 'critical'],
    ['HIGH', 'high'],
    ['MODERATE', 'medium'],
    ['low', 'low'],
  ])('without a v3 vector, database_specific %s is %s', (rating, severity) => {
    expect(rateSeverity([V4], [rating])).toEqual({ severity });
  });

  test('uses the first database rating it recognizes', () => {
    expect(rateSeverity([], [undefined, 'SEVERE', 'HIGH', 'LOW'])).toEqual({ severity: 'high' });
  });

  test('is unknown with a CVSS v4 vector only, or nothing', () => {
    expect(rateSeverity([V4], [undefined])).toEqual({ severity: 'unknown' });
    expect(rateSeverity([{ type: 'CVSS_V3', score: 'not a vector' }], [])).toEqual({ severity: 'unknown' });
  });

  test.each([
    [0, 'low'],
    [0.1, 'low'],
    [3.9, 'low'],
    [4, 'medium'],
    [6.9, 'medium'],
    [7, 'high'],
    [8.9, 'high'],
    [9, 'critical'],
    [10, 'critical'],
  ])('score %d is rated %s', (score, severity) => {
    expect(cvssRating(score)).toBe(severity);
  });
});
