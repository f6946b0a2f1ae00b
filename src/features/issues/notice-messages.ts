/**
 * The 整改通知单 (rectification notice) and 整改回复单 (reply form) staff print for the contractor at the
 * joint meeting. Loaded with that page only.
 */
import { catalog, translator } from '../../i18n';
import { vocabulary } from '../../i18n/vocabulary';

const zh = {
  'notice.pageTitle': '整改通知单',
  'notice.print': '打印或存为 PDF',
  'notice.printHint': '用 A4 纸打印：第 1 页交施工单位，第 2 页由施工单位整改后填写交回。',
  'notice.title': '整改通知单',
  'notice.replyTitle': '整改回复单',
  'notice.work': '工程：{name}',
  'notice.no': '编号：{no}',
  'notice.to': '致：{contractor}',
  'notice.toUnknown': '致：施工单位',
  'notice.category': '问题类别',
  'notice.severity': '紧急程度',
  'notice.reportedAt': '记录时间',
  'notice.reportedBy': '记录人',
  'notice.place': '位置',
  'notice.noPlace': '未指定点位',
  'notice.description': '问题描述',
  'notice.ask': '整改要求',
  'notice.askText': '请于 {due} 前完成整改，整改后拍照留存，并填写整改回复单交回社区。',
  'notice.photosBefore': '问题照片',
  'notice.noPhotos': '（没有照片）',
  'notice.issuedBy': '社区（监督小组）签发：',
  'notice.receivedBy': '施工单位签收：',
  'notice.date': '日期：',
  'notice.replyWhat': '整改情况（施工单位填写）',
  'notice.photosAfter': '整改后照片',
  'notice.noAfter': '（整改后照片：请在系统中上传，或贴于此处）',
  'notice.replyBy': '施工单位负责人：',
  'notice.verifiedBy': '监督小组核实：',
  'notice.notFound': '这台手机上找不到这个问题。请先同步，或从问题列表重新打开。',
  'notice.open': '打印整改通知单',
};

const en: Record<keyof typeof zh, string> = {
  'notice.pageTitle': 'Rectification notice',
  'notice.print': 'Print or save as PDF',
  'notice.printHint': 'Print on A4: page 1 goes to the contractor; page 2 comes back filled in after the fix.',
  'notice.title': 'Rectification notice',
  'notice.replyTitle': 'Rectification reply',
  'notice.work': 'Work: {name}',
  'notice.no': 'No. {no}',
  'notice.to': 'To: {contractor}',
  'notice.toUnknown': 'To: the contractor',
  'notice.category': 'Category',
  'notice.severity': 'Severity',
  'notice.reportedAt': 'Recorded',
  'notice.reportedBy': 'Recorded by',
  'notice.place': 'Place',
  'notice.noPlace': 'no point given',
  'notice.description': 'Problem',
  'notice.ask': 'What is asked',
  'notice.askText': 'Please fix this by {due}, photograph the result, and return the reply form to the community.',
  'notice.photosBefore': 'Photos of the problem',
  'notice.noPhotos': '(no photos)',
  'notice.issuedBy': 'Issued by the community (supervision group):',
  'notice.receivedBy': 'Received by the contractor:',
  'notice.date': 'Date:',
  'notice.replyWhat': 'What was done (by the contractor)',
  'notice.photosAfter': 'Photos after the fix',
  'notice.noAfter': '(photos after the fix: upload them in the app, or paste them here)',
  'notice.replyBy': 'For the contractor:',
  'notice.verifiedBy': 'Checked by the supervision group:',
  'notice.notFound': 'This issue is not on this phone. Sync first, or open it again from the list of issues.',
  'notice.open': 'Print a rectification notice',
};

export const t = translator(catalog(zh, en), vocabulary);
