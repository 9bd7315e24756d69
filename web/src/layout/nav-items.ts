import type { Permission } from '@mts/contracts';
import {
  IconAdjustments,
  IconBellCog,
  IconBuildingCommunity,
  IconCertificate,
  IconChartBar,
  IconFileText,
  IconHome,
  IconInbox,
  IconKey,
  IconListCheck,
  IconMail,
  IconMessages,
  IconNews,
  IconPhoto,
  IconSend,
  IconShieldLock,
  IconSpeakerphone,
  IconTrophy,
  IconUserShield,
  IconUsers,
  IconUsersGroup,
  IconVideo,
  IconWorldCog,
} from '@tabler/icons-react';
import type { MessageKey } from '../i18n/messages.ts';

export interface NavItem {
  to: string;
  label: MessageKey;
  icon: typeof IconHome;
  /** Shown when the person holds any of these; always shown when empty. */
  permissions: Permission[];
}

export const workItems: NavItem[] = [
  { to: '/', label: 'nav.dashboard', icon: IconHome, permissions: [] },
  { to: '/units', label: 'nav.units', icon: IconBuildingCommunity, permissions: ['units.read'] },
  { to: '/staff', label: 'nav.staff', icon: IconUsers, permissions: ['staff.read'] },
  { to: '/documents', label: 'nav.documents', icon: IconFileText, permissions: ['documents.read'] },
  { to: '/signatures', label: 'nav.signatures', icon: IconCertificate, permissions: [] },
  { to: '/channels', label: 'nav.channels', icon: IconMessages, permissions: [] },
  {
    to: '/directives',
    label: 'nav.directives',
    icon: IconSend,
    permissions: ['directives.send', 'directives.respond'],
  },
  { to: '/petitions', label: 'nav.petitions', icon: IconSpeakerphone, permissions: ['petitions.read'] },
  // Officers of agencies and delegates act through membership, not a permission: shown to all staff.
  { to: '/petition-inbox', label: 'nav.petitionInbox', icon: IconInbox, permissions: [] },
  {
    to: '/voter-sessions',
    label: 'nav.voterSessions',
    icon: IconUsersGroup,
    permissions: ['petitions.read'],
  },
  {
    to: '/petition-scorecards',
    label: 'nav.petitionScorecards',
    icon: IconChartBar,
    permissions: ['petitions.read'],
  },
];

/** The public site ("Trang thông tin"): articles, the media library, the site's settings. */
export const portalItems: NavItem[] = [
  { to: '/portal/articles', label: 'nav.portalArticles', icon: IconNews, permissions: ['portal.read'] },
  { to: '/portal/media', label: 'nav.portalMedia', icon: IconPhoto, permissions: ['portal.read'] },
  {
    to: '/portal/settings',
    label: 'nav.portalSettings',
    icon: IconWorldCog,
    permissions: ['portal.configure'],
  },
];

export const comingSoonItems: { label: MessageKey; icon: typeof IconHome }[] = [
  { label: 'nav.movements', icon: IconTrophy },
  { label: 'nav.meetings', icon: IconVideo },
];

export const adminItems: NavItem[] = [
  { to: '/roles', label: 'nav.roles', icon: IconUserShield, permissions: ['roles.read'] },
  { to: '/security', label: 'nav.security', icon: IconShieldLock, permissions: [] },
  { to: '/settings/notifications', label: 'nav.notificationSettings', icon: IconBellCog, permissions: [] },
  { to: '/tokens', label: 'nav.tokens', icon: IconKey, permissions: ['tokens.manage'] },
  { to: '/audit', label: 'nav.audit', icon: IconListCheck, permissions: ['audit.read'] },
  { to: '/outbox', label: 'nav.outbox', icon: IconMail, permissions: ['mail.outbox.read'] },
  {
    to: '/petition-settings',
    label: 'nav.petitionSettings',
    icon: IconAdjustments,
    permissions: ['petitions.configure'],
  },
];
