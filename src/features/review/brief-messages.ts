/** The weekly 工作简报 page (BriefPage.tsx). Loaded with that page only. */
import { catalog, translator } from '../../i18n';
import { vocabulary } from '../../i18n/vocabulary';

const zh = {
  'brief.pageTitle': '工作简报',
  'brief.open': '每周工作简报',
  'brief.title': '{work} 工作简报',
  'brief.week': '{from} 至 {to}（第 {n} 周）',
  'brief.prev': '上一周',
  'brief.next': '下一周',
  'brief.pick': '选择一周中的任一天',
  'brief.print': '打印或存为 PDF',
  'brief.figures': '本周数字',
  'brief.reported': '新反映',
  'brief.resolved': '已整改',
  'brief.verified': '已核实',
  'brief.open2': '未办结（周末时）',
  'brief.overdue': '其中逾期',
  'brief.disputed': '有异议',
  'brief.inspections': '完成检查',
  'brief.satisfaction': '居民满意度：暂无数据（居民回访功能上线后显示）。',
  'brief.pairs': '整改前后对比',
  'brief.noPairs': '本周没有带前后照片的整改。',
  'brief.before': '整改前',
  'brief.after': '整改后',
  'brief.fixedList': '本周整改的问题',
  'brief.none': '无',
  'brief.madeAt': '生成时间：{time}（北京时间）',
};

const en: Record<keyof typeof zh, string> = {
  'brief.pageTitle': 'Weekly brief',
  'brief.open': 'Weekly brief',
  'brief.title': '{work}: weekly brief',
  'brief.week': '{from} to {to} (week {n})',
  'brief.prev': 'Previous week',
  'brief.next': 'Next week',
  'brief.pick': 'Pick any day of the week',
  'brief.print': 'Print or save as PDF',
  'brief.figures': 'This week',
  'brief.reported': 'reported',
  'brief.resolved': 'fixed',
  'brief.verified': 'verified',
  'brief.open2': 'open at week end',
  'brief.overdue': 'of them late',
  'brief.disputed': 'disputed',
  'brief.inspections': 'inspections done',
  'brief.satisfaction': "Residents' satisfaction: no figures yet (shown once residents can rate fixes).",
  'brief.pairs': 'Before and after',
  'brief.noPairs': 'No fix this week has both a before and an after photo.',
  'brief.before': 'Before',
  'brief.after': 'After',
  'brief.fixedList': 'Fixed this week',
  'brief.none': 'None',
  'brief.madeAt': 'Made {time} (China time)',
};

export const t = translator(catalog(zh, en), vocabulary);
