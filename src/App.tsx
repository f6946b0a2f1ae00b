import { Route, Router } from '@solidjs/router';
import { type Component, lazy } from 'solid-js';
import { JoinPage } from './features/join/JoinPage';
import { HomeRedirect } from './features/works/HomeRedirect';
import { UpdatePrompt } from './ui/UpdatePrompt';

// The first screen is the start page (HomeRedirect) and the join page: with the router and the app
// frame, all it loads (budget: 50 KB gzip, tests/e2e/first-screen.spec.ts). Everything that reads the
// device's store (Dexie) is a page of its own, loaded on demand and fetched right after the first
// screen showed (main.tsx), so a member's home screen opens without waiting.
export const WorkPage = lazy(() => import('./features/works/WorkPage').then((m) => ({ default: m.WorkPage })));
// Pages past the first screen load on demand (all are precached by the service worker, so
// they open offline too); the app shell stays small for cheap phones on slow links.
const NewIssuePage = lazy(() => import('./features/issues/NewIssuePage').then((m) => ({ default: m.NewIssuePage })));
const IssuePage = lazy(() => import('./features/issues/IssuePage').then((m) => ({ default: m.IssuePage })));
const IssueNoticePage = lazy(() => import('./features/issues/IssueNoticePage').then((m) => ({ default: m.IssueNoticePage })));
const PointPage = lazy(() => import('./features/points/PointPage').then((m) => ({ default: m.PointPage })));
// Site plans: Leaflet comes with this route only.
const PlanPage = lazy(() => import('./features/plans/PlanPage').then((m) => ({ default: m.PlanPage })));
// Staff review
const ReviewPage = lazy(() => import('./features/review/ReviewPage').then((m) => ({ default: m.ReviewPage })));
const BriefPage = lazy(() => import('./features/review/BriefPage').then((m) => ({ default: m.BriefPage })));
const MeetingPackPage = lazy(() => import('./features/review/MeetingPackPage').then((m) => ({ default: m.MeetingPackPage })));
// checklists
const ChecklistsPage = lazy(() => import('./features/checklists/ChecklistsPage').then((m) => ({ default: m.ChecklistsPage })));
const TemplatePage = lazy(() => import('./features/checklists/ChecklistsPage').then((m) => ({ default: m.TemplatePage })));
const TemplateEditorPage = lazy(() => import('./features/checklists/TemplateEditor').then((m) => ({ default: m.TemplateEditorPage })));
const InspectionPage = lazy(() => import('./features/checklists/InspectionPage').then((m) => ({ default: m.InspectionPage })));
const SettingsPage = lazy(() => import('./features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })));
// Works, members and roles.
const AdminPage = lazy(() => import('./features/admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const NewWorkPage = lazy(() => import('./features/admin/NewWorkPage').then((m) => ({ default: m.NewWorkPage })));
const InvitePrintPage = lazy(() => import('./features/admin/InvitePrintPage').then((m) => ({ default: m.InvitePrintPage })));
const PosterPrintPage = lazy(() => import('./features/admin/PosterPrintPage').then((m) => ({ default: m.PosterPrintPage })));
const OldInviteSheetLink = lazy(() => import('./features/admin/InvitePrintPage').then((m) => ({ default: m.OldInviteSheetLink })));
// Notifications: preferences, in-app list, staff's channels.
const NotifyPage = lazy(() => import('./features/notify/NotifyPage').then((m) => ({ default: m.NotifyPage })));
// The staff desk (1024 px and wider): the issues table, all my works, the notices of several issues.
const IssuesDeskPage = lazy(() => import('./features/desk/IssuesDeskPage').then((m) => ({ default: m.IssuesDeskPage })));
const WorksDeskPage = lazy(() => import('./features/desk/WorksDeskPage').then((m) => ({ default: m.WorksDeskPage })));
const PointsDeskPage = lazy(() => import('./features/desk/PointsDeskPage').then((m) => ({ default: m.PointsDeskPage })));
const IssueNoticesPage = lazy(() => import('./features/issues/IssueNoticePage').then((m) => ({ default: m.IssueNoticesPage })));
const SignInPage = lazy(() => import('./features/admin/SignInPage').then((m) => ({ default: m.SignInPage })));

export const App: Component = () => (
  <Router
    root={(props) => (
      <>
        {props.children}
        <UpdatePrompt />
      </>
    )}
  >
    <Route path="/" component={HomeRedirect} />
    <Route path="/join" component={JoinPage} />
    <Route path="/settings" component={SettingsPage} />
    <Route path="/w/:workId" component={WorkPage} />
    <Route path="/w/:workId/issues" component={IssuesDeskPage} />
    <Route path="/w/:workId/notices" component={IssueNoticesPage} />
    <Route path="/w/:workId/issues/new" component={NewIssuePage} />
    <Route path="/w/:workId/issues/:issueId" component={IssuePage} />
    <Route path="/w/:workId/issues/:issueId/notice" component={IssueNoticePage} />
    <Route path="/w/:workId/points" component={PointsDeskPage} />
    <Route path="/w/:workId/points/:pointId" component={PointPage} />
    {/* Works, members and roles. */}
    <Route path="/signin" component={SignInPage} />
    <Route path="/works" component={WorksDeskPage} />
    <Route path="/works/new" component={NewWorkPage} />
    <Route path="/w/:workId/admin" component={AdminPage} />
    <Route path="/w/:workId/notify" component={NotifyPage} />
    {/* The invite code rides in the fragment (never sent to the server); the old address moves it there. */}
    <Route path="/w/:workId/invite" component={InvitePrintPage} />
    <Route path="/w/:workId/poster" component={PosterPrintPage} />
    <Route path="/w/:workId/invites/:code" component={OldInviteSheetLink} />
    <Route path="/w/:workId/plans" component={PlanPage} /> {/* site plans */}
    <Route path="/w/:workId/review" component={ReviewPage} />
    <Route path="/w/:workId/brief" component={BriefPage} />
    <Route path="/w/:workId/meeting" component={MeetingPackPage} />
    {/* checklists */}
    <Route path="/w/:workId/checklists" component={ChecklistsPage} />
    <Route path="/w/:workId/checklists/:templateId" component={TemplatePage} />
    <Route path="/w/:workId/checklists/:templateId/edit" component={TemplateEditorPage} />
    <Route path="/w/:workId/inspections/:inspectionId" component={InspectionPage} />
    <Route path="*" component={HomeRedirect} />
  </Router>
);
