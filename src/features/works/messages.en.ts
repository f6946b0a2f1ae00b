/** English of ./messages.ts, loaded when English is chosen (the app shell's size has a budget). */
// Not typed from the Chinese keys here (that import would tie the two files in a circle): catalog()
// checks it, a key missing here fails to compile there, and tests/unit/i18n.test.ts refuses a key only English has.
export const en = {
  'work.newIssue': 'Record a complaint',
  'work.role': 'Your role: {role}',
  'stale.iosEviction':
    "On an iPhone, Safari may clear this site's data after 7 days without a visit, these records included; not once it is on the home screen.",
  'stale.banner': '{n} record(s) have waited more than a day to sync. Get online; if that keeps failing, export them for the community staff.',
  'points.photos': '{n} photo(s)',
  'notify.open': 'Notifications',
  'points.archived': 'Archived points ({n})',
  'points.archivedList': 'Archived points',
  'admin.open': 'Manage work (points, invites, members)',
  'review.link': 'Work overview and meeting pack',
  'home.main': 'Main actions',
  'home.todo': 'What I need to do',
  'home.more': 'More',
  'cl.nav': 'Checklists',
};
