/** English of ./messages.ts, loaded when English is chosen (the app shell's size has a budget). */
// Not typed from the Chinese keys here (that import would tie the two files in a circle): catalog()
// checks it, a key missing here fails to compile there, and tests/unit/i18n.test.ts refuses a key only English has.
export const en = {
  'join.intro': 'Enter the invite code the community staff gave you, and the name people know you by. No password needed.',
  'join.code': 'Invite code',
  'join.codeHint': '8 letters and digits, e.g. ABCD-2345',
  'join.name': 'Your name',
  'join.nameHint': 'e.g. Auntie Wang, Mr Li of building 3',
  'join.submit': 'Join',
  'join.joining': 'Joining…',
  'join.error.invalid_code': 'This invite code is wrong or has expired. Check it and type it again, or ask the community staff for a new one.',
  'join.error.network': 'Joining needs a network connection. Connect, then tap "Join" again.',
  'join.error.other':
    'Joining did not work: the server could not handle it just now. Please try again later; if it keeps failing, contact the community staff.',
  'join.error.empty': 'Please fill in the invite code and your name.',
};
