import type { Permission } from '@mts/contracts';
import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, Outlet } from 'react-router';
import { FullPageLoader, RequireAuth } from './auth/require-auth.tsx';
import { can, useMe } from './auth/use-me.ts';
import { AppLayout, ForbiddenPage } from './layout/app-layout.tsx';
import { ErrorBoundary } from './layout/error-boundary.tsx';

// Every page is its own chunk: the first load carries only the shell.
const LoginPage = lazy(() => import('./pages/auth/login-page.tsx'));
const ForgotPasswordPage = lazy(() => import('./pages/auth/forgot-password-page.tsx'));
const ResetPasswordPage = lazy(() => import('./pages/auth/reset-password-page.tsx'));
const DashboardPage = lazy(() => import('./pages/dashboard/dashboard-page.tsx'));
const UnitsPage = lazy(() => import('./pages/units/units-page.tsx'));
const UnitFormPage = lazy(() => import('./pages/units/unit-form-page.tsx'));
const MergeWizardPage = lazy(() => import('./pages/units/merge-wizard-page.tsx'));
const ReorganiseFormPage = lazy(() => import('./pages/units/reorganise-form-page.tsx'));
const StaffListPage = lazy(() => import('./pages/staff/staff-list-page.tsx'));
const StaffFormPage = lazy(() => import('./pages/staff/staff-form-page.tsx'));
const StaffImportPage = lazy(() => import('./pages/staff/staff-import-page.tsx'));
const RolesPage = lazy(() => import('./pages/roles/roles-page.tsx'));
const SecurityPage = lazy(() => import('./pages/security/security-page.tsx'));
const NotificationSettingsPage = lazy(() => import('./pages/settings/notification-settings-page.tsx'));
const TokensPage = lazy(() => import('./pages/tokens/tokens-page.tsx'));
const AuditPage = lazy(() => import('./pages/audit/audit-page.tsx'));
const OutboxPage = lazy(() => import('./pages/outbox/outbox-page.tsx'));
const NotFoundPage = lazy(() => import('./pages/not-found-page.tsx'));
const DocumentListPage = lazy(() => import('./pages/documents/document-list-page.tsx'));
const DocumentDetailPage = lazy(() => import('./pages/documents/document-detail-page.tsx'));
const IncomingFormPage = lazy(() => import('./pages/documents/incoming-form-page.tsx'));
const OutgoingFormPage = lazy(() => import('./pages/documents/outgoing-form-page.tsx'));
const RegistersPage = lazy(() => import('./pages/documents/registers-page.tsx'));
const NotificationsPage = lazy(() => import('./pages/documents/notifications-page.tsx'));
const AssignmentsPage = lazy(() => import('./pages/documents/assignments-page.tsx'));
const FilesPage = lazy(() => import('./pages/documents/files/files-page.tsx'));
const FileDetailPage = lazy(() => import('./pages/documents/files/file-detail-page.tsx'));
const KpiPage = lazy(() => import('./pages/documents/kpi-page.tsx'));
const SearchPage = lazy(() => import('./pages/documents/search/search-page.tsx'));
const SignaturesIndex = lazy(() => import('./pages/signatures/signatures-index.tsx'));
const MySignaturesPage = lazy(() => import('./pages/signatures/my-signatures-page.tsx'));
const UnitSignaturesPage = lazy(() => import('./pages/signatures/unit-signatures-page.tsx'));
const TrustAnchorsPage = lazy(() => import('./pages/signatures/trust-anchors-page.tsx'));
const VerifySignaturesPage = lazy(() => import('./pages/signatures/verify-page.tsx'));
const ChannelsPage = lazy(() => import('./pages/messaging/channels-page.tsx'));
const DirectivesPage = lazy(() => import('./pages/directives/directives-page.tsx'));
const DirectiveFormPage = lazy(() => import('./pages/directives/directive-form-page.tsx'));
const DirectiveDetailPage = lazy(() => import('./pages/directives/directive-detail-page.tsx'));
const DirectiveAlerts = lazy(() => import('./pages/directives/directive-alerts.tsx'));
const PetitionsPage = lazy(() => import('./pages/petitions/petitions-page.tsx'));
const PetitionIntakePage = lazy(() => import('./pages/petitions/petition-intake-page.tsx'));
const PetitionDetailPage = lazy(() => import('./pages/petitions/petition-detail-page.tsx'));
const PetitionDraftsPage = lazy(() => import('./pages/petitions/drafts-page.tsx'));
const PetitionInboxPage = lazy(() => import('./pages/petitions/inbox-page.tsx'));
const VoterSessionsPage = lazy(() => import('./pages/petitions/sessions-page.tsx'));
const VoterSessionFormPage = lazy(() => import('./pages/petitions/session-form-page.tsx'));
const VoterSessionDetailPage = lazy(() => import('./pages/petitions/session-detail-page.tsx'));
const PetitionScorecardsPage = lazy(() => import('./pages/petitions/scorecards-page.tsx'));
const PetitionSettingsPage = lazy(() => import('./pages/petitions/settings-page.tsx'));
const PortalArticlesPage = lazy(() => import('./pages/portal/articles-page.tsx'));
const PortalArticleEditorPage = lazy(() => import('./pages/portal/article-editor-page.tsx'));
const PortalMediaPage = lazy(() => import('./pages/portal/media-page.tsx'));
const PortalSettingsPage = lazy(() => import('./pages/portal/settings-page.tsx'));

/** A page only for holders of one of the permissions (the server enforces it again). */
function Allowed({ permissions, children }: { permissions: Permission[]; children: ReactNode }) {
  const me = useMe().data;
  return can(me, ...permissions) ? children : <ForbiddenPage />;
}

function PublicRoot() {
  return (
    <ErrorBoundary>
      <Suspense fallback={<FullPageLoader />}>
        <Outlet />
      </Suspense>
    </ErrorBoundary>
  );
}

export const router = createBrowserRouter(
  [
    {
      element: <PublicRoot />,
      children: [
        { path: 'login', element: <LoginPage /> },
        { path: 'forgot-password', element: <ForgotPasswordPage /> },
        { path: 'reset-password', element: <ResetPasswordPage /> },
      ],
    },
    {
      element: (
        <RequireAuth>
          <AppLayout />
          {/* A toast when a directive arrives for my unit, on any page. */}
          <Suspense fallback={null}>
            <DirectiveAlerts />
          </Suspense>
        </RequireAuth>
      ),
      children: [
        { index: true, element: <DashboardPage /> },
        {
          path: 'units',
          children: [
            {
              path: 'new',
              element: (
                <Allowed permissions={['units.manage']}>
                  <UnitFormPage />
                </Allowed>
              ),
            },
            {
              path: 'merge',
              element: (
                <Allowed permissions={['units.reorganise']}>
                  <MergeWizardPage />
                </Allowed>
              ),
            },
            // One route for the list and a selected unit, so the tree keeps its state while browsing.
            {
              path: ':unitId?',
              element: (
                <Allowed permissions={['units.read']}>
                  <UnitsPage />
                </Allowed>
              ),
            },
            {
              path: ':unitId/edit',
              element: (
                <Allowed permissions={['units.manage']}>
                  <UnitFormPage />
                </Allowed>
              ),
            },
            {
              path: ':unitId/:operation',
              element: (
                <Allowed permissions={['units.reorganise']}>
                  <ReorganiseFormPage />
                </Allowed>
              ),
            },
          ],
        },
        {
          path: 'staff',
          children: [
            {
              index: true,
              element: (
                <Allowed permissions={['staff.read']}>
                  <StaffListPage />
                </Allowed>
              ),
            },
            {
              path: 'new',
              element: (
                <Allowed permissions={['staff.manage']}>
                  <StaffFormPage />
                </Allowed>
              ),
            },
            {
              path: 'import',
              element: (
                <Allowed permissions={['staff.import']}>
                  <StaffImportPage />
                </Allowed>
              ),
            },
            {
              path: ':staffId/edit',
              element: (
                <Allowed permissions={['staff.manage']}>
                  <StaffFormPage />
                </Allowed>
              ),
            },
          ],
        },
        {
          path: 'roles',
          element: (
            <Allowed permissions={['roles.read']}>
              <RolesPage />
            </Allowed>
          ),
        },
        { path: 'security', element: <SecurityPage /> },
        { path: 'settings/notifications', element: <NotificationSettingsPage /> },
        {
          path: 'tokens',
          element: (
            <Allowed permissions={['tokens.manage']}>
              <TokensPage />
            </Allowed>
          ),
        },
        {
          path: 'audit',
          element: (
            <Allowed permissions={['audit.read']}>
              <AuditPage />
            </Allowed>
          ),
        },
        {
          path: 'outbox',
          element: (
            <Allowed permissions={['mail.outbox.read']}>
              <OutboxPage />
            </Allowed>
          ),
        },
        {
          path: 'documents',
          children: [
            { index: true, element: <Navigate to="/documents/incoming" replace /> },
            { path: 'notifications', element: <NotificationsPage /> },
            {
              path: 'assignments',
              element: (
                <Allowed permissions={['documents.read']}>
                  <AssignmentsPage />
                </Allowed>
              ),
            },
            {
              path: 'files',
              element: (
                <Allowed permissions={['documents.read']}>
                  <FilesPage />
                </Allowed>
              ),
            },
            {
              path: 'files/:fileId',
              element: (
                <Allowed permissions={['documents.read']}>
                  <FileDetailPage />
                </Allowed>
              ),
            },
            {
              path: 'kpis',
              element: (
                <Allowed permissions={['documents.read']}>
                  <KpiPage />
                </Allowed>
              ),
            },
            {
              path: 'search',
              element: (
                <Allowed permissions={['documents.read']}>
                  <SearchPage />
                </Allowed>
              ),
            },
            {
              path: 'incoming',
              element: (
                <Allowed permissions={['documents.read']}>
                  <DocumentListPage direction="incoming" key="incoming" />
                </Allowed>
              ),
            },
            {
              path: 'incoming/new',
              element: (
                <Allowed permissions={['documents.register']}>
                  <IncomingFormPage />
                </Allowed>
              ),
            },
            {
              path: 'outgoing',
              element: (
                <Allowed permissions={['documents.read']}>
                  <DocumentListPage direction="outgoing" key="outgoing" />
                </Allowed>
              ),
            },
            {
              path: 'outgoing/new',
              element: (
                <Allowed permissions={['documents.draft']}>
                  <OutgoingFormPage />
                </Allowed>
              ),
            },
            {
              path: 'registers',
              element: (
                <Allowed permissions={['documents.register', 'documents.issue', 'documents.configure']}>
                  <RegistersPage />
                </Allowed>
              ),
            },
            {
              path: ':documentId',
              element: (
                <Allowed permissions={['documents.read']}>
                  <DocumentDetailPage />
                </Allowed>
              ),
            },
          ],
        },
        {
          path: 'signatures',
          children: [
            { index: true, element: <SignaturesIndex /> },
            {
              path: 'mine',
              element: (
                <Allowed permissions={['signatures.manage_own']}>
                  <MySignaturesPage />
                </Allowed>
              ),
            },
            {
              path: 'unit',
              element: (
                <Allowed permissions={['signatures.manage_unit']}>
                  <UnitSignaturesPage />
                </Allowed>
              ),
            },
            {
              path: 'trust-anchors',
              element: (
                <Allowed permissions={['signatures.admin']}>
                  <TrustAnchorsPage />
                </Allowed>
              ),
            },
            { path: 'verify', element: <VerifySignaturesPage /> },
          ],
        },
        { path: 'channels/:channelId?', element: <ChannelsPage /> },
        {
          path: 'directives',
          children: [
            {
              index: true,
              element: (
                <Allowed permissions={['directives.send', 'directives.respond']}>
                  <DirectivesPage />
                </Allowed>
              ),
            },
            {
              path: 'new',
              element: (
                <Allowed permissions={['directives.send']}>
                  <DirectiveFormPage />
                </Allowed>
              ),
            },
            {
              path: ':directiveId',
              element: (
                <Allowed permissions={['directives.send', 'directives.respond']}>
                  <DirectiveDetailPage />
                </Allowed>
              ),
            },
          ],
        },
        {
          path: 'petitions',
          children: [
            {
              index: true,
              element: (
                <Allowed permissions={['petitions.read']}>
                  <PetitionsPage />
                </Allowed>
              ),
            },
            {
              path: 'new',
              element: (
                <Allowed permissions={['petitions.intake']}>
                  <PetitionIntakePage />
                </Allowed>
              ),
            },
            {
              path: 'drafts',
              element: (
                <Allowed permissions={['petitions.intake']}>
                  <PetitionDraftsPage />
                </Allowed>
              ),
            },
            {
              path: ':petitionId',
              element: (
                <Allowed permissions={['petitions.read']}>
                  <PetitionDetailPage />
                </Allowed>
              ),
            },
          ],
        },
        // Any signed-in officer acting for an agency or delegate (membership, checked by the server).
        { path: 'petition-inbox', element: <PetitionInboxPage /> },
        {
          path: 'voter-sessions',
          children: [
            {
              index: true,
              element: (
                <Allowed permissions={['petitions.read']}>
                  <VoterSessionsPage />
                </Allowed>
              ),
            },
            {
              path: 'new',
              element: (
                <Allowed permissions={['petitions.sessions']}>
                  <VoterSessionFormPage />
                </Allowed>
              ),
            },
            {
              path: ':sessionId',
              element: (
                <Allowed permissions={['petitions.read', 'petitions.sessions']}>
                  <VoterSessionDetailPage />
                </Allowed>
              ),
            },
          ],
        },
        {
          path: 'petition-scorecards',
          element: (
            <Allowed permissions={['petitions.read']}>
              <PetitionScorecardsPage />
            </Allowed>
          ),
        },
        {
          path: 'petition-settings',
          element: (
            <Allowed permissions={['petitions.configure']}>
              <PetitionSettingsPage />
            </Allowed>
          ),
        },
        {
          path: 'portal',
          children: [
            {
              path: 'articles',
              element: (
                <Allowed permissions={['portal.read']}>
                  <PortalArticlesPage />
                </Allowed>
              ),
            },
            {
              path: 'articles/new',
              element: (
                <Allowed permissions={['portal.write']}>
                  <PortalArticleEditorPage />
                </Allowed>
              ),
            },
            {
              path: 'articles/:articleId',
              element: (
                <Allowed permissions={['portal.read']}>
                  <PortalArticleEditorPage />
                </Allowed>
              ),
            },
            {
              path: 'media',
              element: (
                <Allowed permissions={['portal.read']}>
                  <PortalMediaPage />
                </Allowed>
              ),
            },
            {
              path: 'settings',
              element: (
                <Allowed permissions={['portal.configure']}>
                  <PortalSettingsPage />
                </Allowed>
              ),
            },
          ],
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/app' },
);
