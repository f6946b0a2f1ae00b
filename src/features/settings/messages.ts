/**
 * Settings: language, sync, storage, originals, the rescue export and import.
 * Both languages inline: they load with this feature's pages, not with the app shell.
 */
import { catalog, translator } from '../../i18n';
import { shared } from '../../i18n/shared';
import { formatTime, vocabulary } from '../../i18n/vocabulary';
import { messages as frame } from '../../ui/messages';

const zh = {
  'rescue.title': '导出未同步的记录',
  'rescue.intro': '手机坏了或长时间连不上网时，可以把还没同步的记录导出成一个文件，交给社区工作人员导入。',
  'rescue.export': '导出 {n} 条未同步记录',
  'rescue.nothing': '所有记录都已同步，不需要导出。',
  'rescue.exported': '已导出文件“{file}”。请把它交给社区工作人员。',
  'rescue.importTitle': '导入救援文件',
  'rescue.importIntro': '监督员交来的救援文件，在这里导入服务器。重复导入不会产生重复记录。',
  'rescue.importLabel': '选择救援文件',
  'rescue.importing': '正在导入 {done}/{total}…',
  'rescue.imported': '导入完成：{accepted} 条已在服务器上，{rejected} 条未被接受，{skipped} 条没有发送（不属于您管理的工程，或无法证明是谁记录的）。',
  'rescue.badFile': '这不是工地监督的救援文件，或文件已损坏。请让对方重新导出。',
  'rescue.importFailed': '导入没有完成，服务器没有收到全部内容。请连网后再导入一次，已导入的不会重复。',
  'rescue.unsigned':
    '这个文件是旧版应用导出的，没有签名，无法证明是谁记录的，不能导入。请在那台手机上更新应用，再重新导出一次；如果手机已经丢失，文件里的记录无法证明，只能请当事人重新记录。',
  'rescue.leftOut': '另有 {n} 条记录不属于此手机现在的成员身份，无法签名，没有导出。',
  'rescue.previewTitle': '文件内容',
  'rescue.previewIntro': '“{file}”：{n} 条记录，{time} 从一台手机导出。请核对每位记录人，确认后再导入。',
  'rescue.notMember': '不是此工程的成员',
  'rescue.part.ok': '{n} 条，有导出手机的签名：将导入（服务器会核对签名）',
  'rescue.part.unsigned': '{n} 条，不是导出这份文件的手机记录的，无法证明：不会导入',
  'rescue.part.notYours': '{n} 条，不是您管理的工程：不会导入',
  'rescue.checked': '只会导入导出手机自己记录、带签名的内容；别人名下的记录不会导入。',
  'rescue.nothingToImport': '这个文件里没有可以导入的记录。',
  'rescue.confirm': '导入 {n} 条记录',
  'rescue.cancel': '取消',
  'rescue.refused': '{name}的 {n} 条记录没有导入：{reason}。',
  'rescue.reason.unproven': '签名对不上，文件可能被改过，或不是这位成员的手机导出的',
  'rescue.reason.wrongAuthor': '文件里混有别人名下的记录',
  'rescue.kind.issue.create': '记录问题',
  'rescue.kind.issue.edit': '修改问题',
  'rescue.kind.issue.transition': '更改问题状态',
  'rescue.kind.issue.comment': '留言',
  'rescue.kind.issue.affect': '“我也受影响”',
  'rescue.kind.photo.add': '照片',
  'rescue.kind.contact.add': '居民联系方式',
  'rescue.kind.inspection.start': '开始检查',
  'rescue.kind.inspection.answer': '检查项填写',
  'rescue.kind.inspection.submit': '提交检查',
  'rescue.kind.point.create': '新建点位',
  'rescue.kind.point.place': '标注点位位置',
  'settings.title': '设置',
  'settings.language': '语言',
  'settings.joinAnother': '加入另一个工程',
  'settings.device': '本机编号',
  'settings.open': '打开',
  'storage.title': '本机存储',
  'storage.photos': '照片和平面图占用本机空间：{mb} MB',
  'storage.unsent': '其中 {n} 个文件（{mb} MB）还没上传到服务器，上传前不会被删除。',
  'storage.device': '本网站已用 {used} MB，浏览器允许最多约 {quota} MB。',
  'storage.notPersisted': '浏览器在手机空间紧张时可能清除本网站的数据。',
  'storage.persist': '请浏览器长期保存数据',
  'storage.persisted': '浏览器已同意长期保存本网站的数据。',
  'storage.persistRefused': '浏览器暂时没有同意。把本应用添加到主屏幕、经常使用后再试。',
  'original.setting': '“{work}”上传照片原图',
  'original.settingHint': '手机只上传压缩后的照片；原图留在拍照的手机上。需要原图作证据时再打开（会多用流量和空间）。',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  'rescue.title': 'Export unsynced records',
  'rescue.intro': 'If this phone is broken or cannot get online for a long time, export what has not been synced to a file and hand it to the community staff.',
  'rescue.export': 'Export {n} unsynced record(s)',
  'rescue.nothing': 'Everything is synced: nothing to export.',
  'rescue.exported': 'Saved the file "{file}". Please hand it to the community staff.',
  'rescue.importTitle': 'Import a rescue file',
  'rescue.importIntro': 'Import a rescue file a volunteer handed you. Importing twice never creates duplicates.',
  'rescue.importLabel': 'Choose a rescue file',
  'rescue.importing': 'Importing {done}/{total}…',
  'rescue.imported':
    'Import finished: {accepted} on the server, {rejected} refused, {skipped} not sent (not in a work you manage, or nothing proves who recorded them).',
  'rescue.badFile': 'This is not a Sitewatch rescue file, or it is damaged. Ask for a new export.',
  'rescue.importFailed': 'The import did not finish: the server did not receive all of it. Get online and import again; nothing will be duplicated.',
  'rescue.unsigned':
    'This file was exported by an older version of the app. It is not signed, so nothing proves who recorded it, and it cannot be imported. Update the app on that phone and export again. If the phone is lost, nothing in the file can be proved: the people concerned have to record it again.',
  'rescue.leftOut': "{n} more record(s) do not belong to this phone's current membership, cannot be signed, and were not exported.",
  'rescue.previewTitle': 'What the file holds',
  'rescue.previewIntro': '"{file}": {n} record(s), exported from one phone at {time}. Check who recorded each, then confirm the import.',
  'rescue.notMember': 'not a member of this work',
  'rescue.part.ok': '{n}, signed by the phone that exported the file: will be imported (the server checks the signature)',
  'rescue.part.unsigned': '{n}, not recorded by the phone that exported the file, so nothing proves them: will not be imported',
  'rescue.part.notYours': '{n}, not a work you manage: will not be imported',
  'rescue.checked': "Only what the exporting phone recorded itself, signed, is imported; records in anyone else's name are not.",
  'rescue.nothingToImport': 'Nothing in this file can be imported.',
  'rescue.confirm': 'Import {n} record(s)',
  'rescue.cancel': 'Cancel',
  'rescue.refused': '{n} record(s) by {name} were not imported: {reason}.',
  'rescue.reason.unproven': "the signature does not match; the file was changed, or was not exported by that member's phone",
  'rescue.reason.wrongAuthor': "the file mixes in records in another person's name",
  'rescue.kind.issue.create': 'Issue recorded',
  'rescue.kind.issue.edit': 'Issue edited',
  'rescue.kind.issue.transition': 'Status change',
  'rescue.kind.issue.comment': 'Comment',
  'rescue.kind.issue.affect': '"Affects me too"',
  'rescue.kind.photo.add': 'Photo',
  'rescue.kind.contact.add': 'Resident contact',
  'rescue.kind.inspection.start': 'Inspection started',
  'rescue.kind.inspection.answer': 'Checklist answer',
  'rescue.kind.inspection.submit': 'Inspection submitted',
  'rescue.kind.point.create': 'Point created',
  'rescue.kind.point.place': 'Point placed',
  'settings.title': 'Settings',
  'settings.language': 'Language',
  'settings.joinAnother': 'Join another work',
  'settings.device': 'Device id',
  'settings.open': 'Open',
  'storage.title': 'Storage on this phone',
  'storage.photos': 'Photos and plans take {mb} MB on this phone.',
  'storage.unsent': '{n} files ({mb} MB) have not reached the server yet; they are never deleted before they do.',
  'storage.device': 'This site uses {used} MB; the browser allows about {quota} MB.',
  'storage.notPersisted': 'The browser may clear this site’s data when the phone runs short of space.',
  'storage.persist': 'Ask the browser to keep the data',
  'storage.persisted': 'The browser agreed to keep this site’s data.',
  'storage.persistRefused': 'The browser did not agree yet. Add the app to the home screen, use it for a while, and try again.',
  'original.setting': 'Upload photo originals for “{work}”',
  'original.settingHint':
    'Phones upload a smaller copy of each photo; the original stays on the phone that took it. Turn this on when originals are needed as evidence (more data and space).',
};

export const messages = catalog(zh, en);
export const t = translator(messages, vocabulary, shared, frame);
export { formatTime };
/** Every key this module's t() accepts. */
export type MessageKey = Parameters<typeof t>[0];
