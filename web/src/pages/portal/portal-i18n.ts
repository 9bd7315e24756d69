import { interpolate, useI18n, type Vars } from '../../i18n/i18n.tsx';
import { portalMessages } from './portal-messages.ts';

export type PortalKey = keyof typeof portalMessages;

/** `t` for the portal pages; everything else of useI18n passes through. */
export function usePortalI18n() {
  const i18n = useI18n();
  const pt = (key: PortalKey, vars?: Vars) => {
    const entry = portalMessages[key];
    return interpolate(i18n.language === 'vi' ? entry[0] : entry[1], vars);
  };
  return { ...i18n, pt };
}
