/**
 * Chinese (zh-CN), the default language: the messages the app shell itself shows (join, work page,
 * sync status, refusals). The pages that load on demand take theirs from zh-CN.more.ts, loaded with
 * them (src/i18n/index.ts, withMessages). Every key must exist in en.ts too (checked by the type).
 */
import { checklistsZh } from './checklists.zh-CN';
export const zhCN = {
  'app.name': '工地监督',
  'nav.back': '返回',
  'nav.settings': '设置',

  'join.title': '加入监督小组',
  'join.intro': '请输入社区工作人员给您的邀请码，以及大家怎么称呼您。不需要密码。',
  'join.code': '邀请码',
  'join.codeHint': '8 位字母和数字，例如 ABCD-2345',
  'join.name': '您的称呼',
  'join.nameHint': '例如：王阿姨、3 号楼李师傅',
  'join.submit': '加入',
  'join.joining': '正在加入…',
  'join.error.invalid_code': '邀请码不对或已过期。请核对后重新输入，或向社区工作人员要一个新的。',
  'join.error.rate_limited': '尝试次数太多了，请 {s} 秒后再试。',
  'join.error.network': '加入时需要联网。请连上网络后再点“加入”。',
  'join.error.other': '加入没有成功（{message}）。请稍后再试。',
  'join.error.empty': '请填写邀请码和您的称呼。',

  'work.issues': '问题与投诉',
  'work.newIssue': '记录居民投诉',
  'work.role': '您的身份：{role}',

  'role.volunteer': '监督员',
  'role.liaison': '施工联络人',
  'role.staff': '社区工作人员',



  'status.reported': '已上报',
  'status.acknowledged': '已受理',
  'status.in_progress': '整改中',
  'status.resolved': '已整改待核实',
  'status.verified': '已核实',
  'status.disputed': '有异议',
  'status.reopened': '重新打开',
  'status.rejected': '未采纳',
  'status.merged': '已合并',

  'issue.comment': '写留言',


  'sync.pending': '待同步 {n} 条',
  'sync.synced': '已同步',
  'sync.offline': '离线',
  'sync.syncing': '正在同步…',
  'sync.pulling': '正在下载 {n}/{total}…',
  'sync.stopped': '已停止同步',
  'sync.error': '同步出错',
  'sync.statusLabel': '同步状态：{status}。点击立即同步',
  'sync.lastSync': '上次同步：{time}',
  'sync.never': '还没有同步过',
  'sync.error.network': '连不上服务器。数据已保存在手机上，有网络时会自动再试。',
  'sync.error.unauthorized': '这台手机已不在该工程的成员名单中。未发送的记录仍保存在手机上，请联系社区工作人员。',
  'sync.error.outdated_client': '应用版本太旧，请更新（刷新页面）。未发送的记录会保留，更新后再发送。',
  'sync.error.quota': '手机存储空间已满。已保存的内容不会丢失；请清理手机空间后再试。',
  'sync.error.rate_limited': '服务器繁忙，稍后自动重试。',
  'sync.error.other': '同步失败（{message}）。数据已保存在手机上，稍后会自动重试。',

  'rejected.title': '未被采纳的修改',
  'rejected.intro': '下面这些修改服务器没有接受，没有生效。',
  'rejected.dismiss': '知道了',
  'rejected.banner': '有 {n} 项修改没有生效',
  'rejected.view': '查看原因',
  'rejected.what': '{kind}：{subject}',
  'rejected.kind.issue.create': '记录问题',
  'rejected.kind.issue.edit': '修改问题',
  'rejected.kind.issue.transition': '更改状态',
  'rejected.kind.issue.comment': '留言',
  'rejected.kind.other': '修改',


  'stale.banner': '有 {n} 条记录超过一天还没有同步。请连上网络；如果一直不行，请导出交给社区工作人员。',
  'stale.action': '去导出',

  'points.title': '点位',
  'points.photos': '{n} 张照片',


  'update.available': '有新版本可用。',
  'update.reload': '更新并重新加载',
  'update.keep': '您未同步的记录会保留。',

  'time.justNow': '刚刚',
  'time.minutes': '{n} 分钟前',
  'time.hours': '{n} 小时前',
  // --- Works, members and roles (#7) ---
  'sync.error.revoked': '您已被移出此工程。这台手机不再同步这个工程；未发送的记录仍保存在手机上，可以导出交给社区工作人员。',
  'removed.banner': '您已被移出此工程。这台手机不再同步这个工程。',
  'removed.unsent': '手机上还有 {n} 条未发送的记录：请导出文件，交给社区工作人员。',
  'removed.nothingUnsent': '您的记录都已发送，手机上没有未发送的内容。',
  'expired.banner': '此设备太久没有同步，登录已过期。这台手机暂停同步这个工程。',
  'expired.howMember': '请向社区工作人员要邀请码，重新扫码加入：',
  'expired.howStaff': '请用密码重新登录，或用邀请码重新加入：',
  'expired.join': '重新加入',
  'expired.signin': '重新登录',
  'expired.unsent': '手机上还有 {n} 条未发送的记录，都会保留：重新加入后会自动发送，也可以先导出保存。',
  'members.expired': '登录已过期',
  'switcher.label': '切换工程',
  'members.removed': '已移出',
  'admin.open': '管理工程（点位、邀请、成员）',

  // --- Site plans (#4) ---
  'plan.open': '🗺 查看平面图',
  // --- end site plans ---
  // Staff review (#8): the work page's link; the review pages' own messages load with them (src/features/review/messages.ts)
  'review.link': '工程概览与会议材料',
  // checklists (#5)
  ...checklistsZh,
  // --- issues (#6): clocks, inbox and badges, filters, me too, residents' contacts, input limits ---
  // --- end issues (#6) ---
} as const;
