/** "/": the last work opened, else the first joined, else the join page. */
import { Navigate } from '@solidjs/router';
import type { Component } from 'solid-js';
import { lastWork, memberships } from '../../app-state';

// Synchronous (what it reads was loaded before the first render): the first screen is drawn in one
// go, which is also what the first-screen budget test relies on (tests/e2e/first-screen.spec.ts).
export const HomeRedirect: Component = () => {
  const target = () => {
    const list = memberships();
    if (list.length === 0) return '/join';
    const work = list.find((m) => m.work === lastWork())?.work ?? list[0]!.work;
    return `/w/${work}`;
  };
  return <Navigate href={target()} />;
};
