import { describe, expect, it } from 'vitest';
import { asciiFold, createRandom, personName, placeNames, usernameFor } from './names.ts';

describe('demo names', () => {
  it('are deterministic for a seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    expect(placeNames(a, 5, new Set())).toEqual(placeNames(b, 5, new Set()));
    expect(personName(a)).toEqual(personName(b));
  });

  it('gives distinct commune names that avoid names already taken', () => {
    const taken = new Set(['An Bình']);
    const names = placeNames(createRandom(7), 200, taken);
    const proper = names.map((n) => n.name);
    expect(new Set(proper).size).toBe(200);
    expect(proper).not.toContain('An Bình');
    expect(names.some((n) => n.type === 'phường')).toBe(true);
  });

  it('builds plausible people and ASCII usernames', () => {
    const random = createRandom(3);
    for (let i = 0; i < 50; i++) {
      const person = personName(random);
      expect(person.fullName.split(' ')).toHaveLength(3);
      expect(usernameFor(person)).toMatch(/^[a-z]+\.[a-z]{2}$/);
    }
    expect(asciiFold('Đắk Sơn')).toBe('dak son');
    expect(
      usernameFor({
        fullName: 'Nguyễn Thị Hà',
        gender: 'female',
        family: 'Nguyễn',
        middle: 'Thị',
        given: 'Hà',
      }),
    ).toBe('ha.nt');
  });
});
