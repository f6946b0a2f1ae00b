import { Route, Router } from '@solidjs/router';
import type { Component } from 'solid-js';
import { IssuePage } from './features/issues/IssuePage';
import { NewIssuePage } from './features/issues/NewIssuePage';
import { JoinPage } from './features/join/JoinPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { HomeRedirect } from './features/works/HomeRedirect';
import { WorkPage } from './features/works/WorkPage';
import { UpdatePrompt } from './ui/UpdatePrompt';

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
    <Route path="/w/:workId/issues/new" component={NewIssuePage} />
    <Route path="/w/:workId/issues/:issueId" component={IssuePage} />
    <Route path="*" component={HomeRedirect} />
  </Router>
);
