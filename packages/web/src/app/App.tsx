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
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </I18nProvider>
  );
}
