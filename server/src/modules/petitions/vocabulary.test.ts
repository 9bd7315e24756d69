import { competenceLevels, petitionChannels, petitionStatuses } from '@mts/contracts';
import { describe, expect, it } from 'vitest';
import { COMPETENCE_LEVELS, PETITION_CHANNELS, PETITION_STATUSES } from './petitions.schema.ts';

describe('the API vocabulary of petitions', () => {
  it('matches the database enums (contracts cannot import the server)', () => {
    expect([...petitionStatuses]).toEqual([...PETITION_STATUSES]);
    expect([...petitionChannels]).toEqual([...PETITION_CHANNELS]);
    expect([...competenceLevels]).toEqual([...COMPETENCE_LEVELS]);
  });
});
