/**
 * Checklists (#5): the few Chinese messages the app shell needs (the work page's link, refusal reasons),
 * spread into zh-CN.ts. The checklist pages' own messages load with them (src/features/checklists/messages.ts).
 */
export const checklistsZh = {
  'cl.nav': '检查表',
  'cl.reason.stale_version': '在您修改期间，别人已经保存了这个检查表的新版本，您的修改没有生效。请重新打开后再改。',
  'cl.reason.inspection_closed': '这次检查已经提交了，之后的填写没有生效。如需补充，请开始一次新的检查。',
  'cl.reason.incomplete': '还有必填项目没有填写，检查没有提交。请补齐后再提交。',
} as const;
