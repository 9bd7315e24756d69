import { interpolate, useI18n, type Vars } from '../../i18n/i18n.tsx';
import { petitionMessages } from './petition-messages.ts';

export type PetitionKey = keyof typeof petitionMessages;

/** `t` for the petitions pages; everything else of useI18n passes through. */
export function usePetitionI18n() {
  const i18n = useI18n();
  const pt = (key: PetitionKey, vars?: Vars) => {
    const entry = petitionMessages[key];
    return interpolate(i18n.language === 'vi' ? entry[0] : entry[1], vars);
  };
  return { ...i18n, pt };
}
