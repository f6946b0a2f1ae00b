/**
 * The desk navigation's texts (src/ui/DeskNav.tsx). Both languages inline: they load with the navigation,
 * on a wide screen only, not with the phone's app shell.
 */
import { catalog, translator } from '../i18n';

const zh = {
  'deskNav.label': '工作台导航',
  'deskNav.works': '我的全部工程',
  'deskNav.inbox': '待办',
  'deskNav.issues': '问题表',
  'deskNav.points': '点位',
  'deskNav.plan': '总平面图',
  'deskNav.checklists': '检查表',
  'deskNav.overview': '概况',
  'deskNav.meeting': '联席会议材料',
  'deskNav.admin': '管理',
};

const en: Record<keyof typeof zh, string> = {
  'deskNav.label': 'Desk navigation',
  'deskNav.works': 'All my works',
  'deskNav.inbox': 'Inbox',
  'deskNav.issues': 'Issues table',
  'deskNav.points': 'Points',
  'deskNav.plan': 'Site plan',
  'deskNav.checklists': 'Checklists',
  'deskNav.overview': 'Overview',
  'deskNav.meeting': 'Meeting pack',
  'deskNav.admin': 'Admin',
};

export const messages = catalog(zh, en);
export const t = translator(messages);
