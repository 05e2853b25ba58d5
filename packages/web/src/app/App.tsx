import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { I18nProvider } from '../i18n/I18nProvider';
import { Layout } from './Layout';
import { RequireAuth } from './RequireAuth';

// Each page is its own chunk: the first load carries only the shell and the page it opens.
const HomePage = lazy(() => import('../pages/HomePage'));
const TerritoriesPage = lazy(() => import('../pages/territories/TerritoriesPage'));
const NotFoundPage = lazy(() => import('../pages/NotFoundPage'));
const SignInPage = lazy(() => import('../pages/auth/SignInPage'));
const ActivatePage = lazy(() => import('../pages/auth/ActivatePage'));
const TotpEnrolPage = lazy(() => import('../pages/auth/TotpEnrolPage'));
const ProfilePage = lazy(() => import('../pages/auth/ProfilePage'));
const OrganisationsPage = lazy(() => import('../pages/organisations/OrganisationsPage'));
const OrganisationPage = lazy(() => import('../pages/organisations/OrganisationPage'));
const OrganisationFormPage = lazy(() => import('../pages/organisations/OrganisationFormPage'));
const UsersPage = lazy(() => import('../pages/users/UsersPage'));
const UserCreatePage = lazy(() => import('../pages/users/UserCreatePage'));
const AuditPage = lazy(() => import('../pages/audit/AuditPage'));
const SchoolPage = lazy(() => import('../pages/pupils/SchoolPage'));
const ClassPage = lazy(() => import('../pages/pupils/ClassPage'));
const PupilCardPage = lazy(() => import('../pages/pupils/PupilCardPage'));
const PupilFormPage = lazy(() => import('../pages/pupils/PupilFormPage'));
const QualityPage = lazy(() => import('../pages/pupils/QualityPage'));
const SearchPage = lazy(() => import('../pages/pupils/SearchPage'));
const CampaignsPage = lazy(() => import('../pages/campaigns/CampaignsPage'));
const CampaignFormPage = lazy(() => import('../pages/campaigns/CampaignFormPage'));
const CampaignMonitorPage = lazy(() => import('../pages/campaigns/CampaignMonitorPage'));
const CampaignSchoolPage = lazy(() => import('../pages/campaigns/CampaignSchoolPage'));
const NotificationsPage = lazy(() => import('../pages/campaigns/NotificationsPage'));
const ReportsPage = lazy(() => import('../pages/reports/ReportsPage'));
const Znz1Page = lazy(() => import('../pages/reports/Znz1Page'));
const ReportDrillPage = lazy(() => import('../pages/reports/DrillPage'));
const RollupPage = lazy(() => import('../pages/reports/RollupPage'));
const RollupDrillPage = lazy(() => import('../pages/reports/RollupDrillPage'));
const DashboardPage = lazy(() => import('../pages/reports/DashboardPage'));
const SubventionPage = lazy(() => import('../pages/subvention/SubventionPage'));
const SubventionSetPage = lazy(() => import('../pages/subvention/ParameterSetPage'));
const SubventionRunPage = lazy(() => import('../pages/subvention/RunPage'));
const SubventionExplanationPage = lazy(() => import('../pages/subvention/ExplanationPage'));
const SubventionScenariosPage = lazy(() => import('../pages/subvention/ScenariosPage'));
const SubventionScenarioPage = lazy(() => import('../pages/subvention/ScenarioPage'));
const SubventionRedistributionPage = lazy(() => import('../pages/subvention/RedistributionPage'));
const SubventionTracePage = lazy(() => import('../pages/subvention/TracePage'));
const VerificationPage = lazy(() => import('../pages/verification/VerificationPage'));
const VerificationSnapshotPage = lazy(() => import('../pages/verification/SnapshotPage'));
const VerificationReviewPage = lazy(() => import('../pages/verification/ReviewPage'));
const VerificationPairPage = lazy(() => import('../pages/verification/PairPage'));
const VerificationCasesPage = lazy(() => import('../pages/verification/CasesPage'));
const VerificationCasePage = lazy(() => import('../pages/verification/CasePage'));
const TransitionPage = lazy(() => import('../pages/transitions/TransitionPage'));
const BulkTransitionPage = lazy(() => import('../pages/transitions/BulkTransitionPage'));
const FirstGradersPage = lazy(() => import('../pages/transitions/FirstGradersPage'));
const ArrivalsPage = lazy(() => import('../pages/transitions/ArrivalsPage'));
const TransitPoolPage = lazy(() => import('../pages/transitions/TransitPoolPage'));
const MigrationPage = lazy(() => import('../pages/transitions/MigrationPage'));

export function App() {
  return (
    <I18nProvider>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<HomePage />} />
            <Route path="territories" element={<TerritoriesPage />} />
            <Route path="territories/:code" element={<TerritoriesPage />} />
            <Route path="sign-in" element={<SignInPage />} />
            <Route path="activate" element={<ActivatePage />} />
            <Route path="enrol-totp" element={<TotpEnrolPage />} />
            <Route element={<RequireAuth />}>
              <Route path="profile" element={<ProfilePage />} />
            </Route>
            <Route element={<RequireAuth permission="organisation:read" />}>
              <Route path="organisations" element={<OrganisationsPage />} />
              <Route path="organisations/:id" element={<OrganisationPage />} />
            </Route>
            <Route element={<RequireAuth permission="organisation:update" />}>
              <Route path="organisations/:id/edit" element={<OrganisationFormPage mode="edit" />} />
            </Route>
            <Route element={<RequireAuth permission="organisation:create" />}>
              <Route path="organisations/:id/new/:kind" element={<OrganisationFormPage mode="create" />} />
            </Route>
            <Route element={<RequireAuth permission="user:read" />}>
              <Route path="users" element={<UsersPage />} />
            </Route>
            <Route element={<RequireAuth permission="user:create" />}>
              <Route path="users/new" element={<UserCreatePage />} />
            </Route>
            <Route element={<RequireAuth permission="audit:read" />}>
              <Route path="audit" element={<AuditPage />} />
            </Route>
            <Route element={<RequireAuth permission="pupil:read" />}>
              <Route path="schools/:schoolId" element={<SchoolPage />} />
              <Route path="schools/:schoolId/classes/:label" element={<ClassPage />} />
              <Route path="quality/:schoolId" element={<QualityPage />} />
              <Route path="pupils/search" element={<SearchPage />} />
              <Route path="pupils/:id" element={<PupilCardPage />} />
            </Route>
            <Route element={<RequireAuth permission="pupil:write" />}>
              <Route path="schools/:schoolId/pupils/new" element={<PupilFormPage mode="create" />} />
              <Route path="pupils/:id/edit" element={<PupilFormPage mode="edit" />} />
            </Route>
            <Route element={<RequireAuth permission="transition:run" />}>
              <Route path="schools/:schoolId/transition" element={<TransitionPage />} />
              <Route path="transitions" element={<BulkTransitionPage />} />
            </Route>
            <Route element={<RequireAuth permission="pupil:write" />}>
              <Route path="schools/:schoolId/first-graders" element={<FirstGradersPage />} />
              <Route path="schools/:schoolId/arrivals" element={<ArrivalsPage />} />
            </Route>
            <Route element={<RequireAuth />}>
              <Route path="transit" element={<TransitPoolPage />} />
            </Route>
            <Route element={<RequireAuth permission="aggregate:read" />}>
              <Route path="reports/migration" element={<MigrationPage />} />
            </Route>
            <Route element={<RequireAuth permission="verification:manage" />}>
              <Route path="verification" element={<VerificationPage />} />
              <Route path="verification/extracts/:id" element={<VerificationSnapshotPage />} />
              <Route path="verification/review" element={<VerificationReviewPage />} />
              <Route path="verification/pairs/:id" element={<VerificationPairPage />} />
            </Route>
            <Route element={<RequireAuth permission="verification:case" />}>
              <Route path="verification/cases" element={<VerificationCasesPage />} />
              <Route path="verification/cases/:id" element={<VerificationCasePage />} />
            </Route>
            <Route element={<RequireAuth permission="subvention:read" />}>
              <Route path="subvention" element={<SubventionPage />} />
              <Route path="subvention/parameter-sets/:setId" element={<SubventionSetPage />} />
              <Route path="subvention/runs/:runId" element={<SubventionRunPage />} />
              <Route path="subvention/runs/:runId/budgets/:code" element={<SubventionExplanationPage />} />
              <Route path="subvention/runs/:runId/redistribution" element={<SubventionRedistributionPage />} />
              <Route element={<RequireAuth permission="pupil:read" />}>
                <Route path="subvention/runs/:runId/budgets/:code/pupils" element={<SubventionTracePage />} />
              </Route>
              <Route path="subvention/scenarios" element={<SubventionScenariosPage />} />
              <Route path="subvention/scenarios/:scenarioId" element={<SubventionScenarioPage />} />
            </Route>
            <Route element={<RequireAuth permission="aggregate:read" />}>
              <Route path="reports" element={<ReportsPage />} />
              <Route path="reports/znz1/:schoolId" element={<Znz1Page />} />
              <Route path="reports/rollup/nation" element={<RollupPage fixedLevel="nation" />} />
              <Route path="reports/rollup/nation/cells/:cell" element={<RollupDrillPage fixedLevel="nation" />} />
              <Route path="reports/rollup/:level/:id" element={<RollupPage />} />
              <Route path="reports/rollup/:level/:id/cells/:cell" element={<RollupDrillPage />} />
              <Route path="reports/dashboard/nation" element={<DashboardPage fixedLevel="nation" />} />
              <Route path="reports/dashboard/:level/:id" element={<DashboardPage />} />
            </Route>
            <Route element={<RequireAuth permission="pupil:read" />}>
              <Route path="reports/znz1/:schoolId/cells/:cell" element={<ReportDrillPage />} />
            </Route>
            <Route element={<RequireAuth />}>
              <Route path="campaigns" element={<CampaignsPage />} />
              <Route path="campaigns/:id" element={<CampaignMonitorPage />} />
              <Route path="notifications" element={<NotificationsPage />} />
            </Route>
            <Route element={<RequireAuth permission="campaign:manage" />}>
              <Route path="campaigns/new" element={<CampaignFormPage />} />
            </Route>
            <Route element={<RequireAuth permission="pupil:read" />}>
              <Route path="campaigns/:id/schools/:schoolId" element={<CampaignSchoolPage />} />
            </Route>
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </I18nProvider>
  );
}
