/**
 * Site plans: the plan pages' messages, zh-CN and en. They load with those pages (lazy), not with
 * the app shell, whose size has a budget (tests/bench/bundle-size.ts). The shell keeps 'plan.open'.
 */
import { catalog, translator } from '../../i18n';
import { formatTime, vocabulary } from '../../i18n/vocabulary';

const zh = {
  'plan.title': '平面图',
  'plan.empty': '这个工程还没有平面图。',
  'plan.emptyStaff': '上传一张现场平面图，就能在图上标出点位和照片位置。',
  'plan.add': '上传平面图',
  'plan.name': '平面图名称',
  'plan.file': '选择平面图图片',
  'plan.preparing': '正在处理平面图…',
  'plan.saved': '平面图已保存，有网时会自动上传。',
  'plan.needName': '请先填写平面图名称。',
  'plan.needFile': '请先选择平面图图片。',
  'plan.map': '平面图：{name}',
  'plan.loading': '正在打开平面图…',
  'plan.unavailable': '平面图图片还没有下载到本机。请在有网络时打开一次这个页面。',
  'plan.georef.yes': '已用两个控制点对准 GPS（每像素约 {m} 米）。',
  'plan.georef.no': '还没有对准 GPS：照片和点位只能按在图上标的位置显示。',
  'plan.mode.view': '只查看',
  'plan.mode.place': '放置点位',
  'plan.mode.cp': '设置 GPS 控制点',
  'plan.tools': '平面图操作',
  'plan.place.point': '要放置的点位',
  'plan.place.hint': '在平面图上点一下这个点位所在的地方。',
  'plan.place.done': '已把“{name}”放在平面图上。',
  'plan.cp.intro': '在平面图上找两个现场也能认出的地方（如楼角、井盖），分别点一下并填入它们的 GPS 位置。两处离得越远越准。',
  'plan.cp.n': '控制点 {n}',
  'plan.cp.pick': '在平面图上点选位置',
  'plan.cp.picking': '请在平面图上点一下控制点 {n} 的位置。',
  'plan.cp.at': '平面图上的位置：{x}, {y}',
  'plan.cp.notYet': '还没有在平面图上点选。',
  'plan.cp.here': '用我现在的位置',
  'plan.cp.locating': '正在定位…',
  'plan.cp.noFix': '没能取得手机定位。请到室外再试，或直接输入经纬度。',
  'plan.cp.save': '保存控制点',
  'plan.cp.saved': '控制点已保存，平面图已对准 GPS。',
  'plan.cp.incomplete': '两个控制点都要在平面图上点选，并填好纬度（-90 到 90）和经度（-180 到 180）。',
  'plan.cp.same': '两个控制点不能是同一个地方，请选两处相隔较远的位置。',
  'plan.pin.photo': '照片：{caption}',
  'plan.pin.issue': '投诉：{text}',
  'plan.issues': '图上的未办结投诉（{n}）',
  'plan.pin.cp': '控制点 {n}',
  'plan.pin.here': '照片位置',
  'plan.notOnPlan': '不在平面图上的点位：{names}',
  'plan.zoomIn': '放大',
  'plan.zoomOut': '缩小',
  'photo.loc.tapPlan': '在平面图上点一下拍照的地方。',
  'photo.loc.noGeorefPlan': '平面图还没有对准 GPS，暂时不能在图上标注照片位置。',
};

type PlanKey = keyof typeof zh;

const en: Record<PlanKey, string> = {
  'plan.title': 'Site plan',
  'plan.empty': 'This work has no site plan yet.',
  'plan.emptyStaff': 'Upload a plan of the site to show points and photo positions on it.',
  'plan.add': 'Upload a site plan',
  'plan.name': 'Plan name',
  'plan.file': 'Choose the plan image',
  'plan.preparing': 'Preparing the plan…',
  'plan.saved': 'Plan saved; it uploads by itself when there is signal.',
  'plan.needName': 'Please enter a name for the plan first.',
  'plan.needFile': 'Please choose the plan image first.',
  'plan.map': 'Site plan: {name}',
  'plan.loading': 'Opening the plan…',
  'plan.unavailable': 'The plan image is not on this phone yet. Open this page once while online.',
  'plan.georef.yes': 'Pinned to GPS by two control points (about {m} m per pixel).',
  'plan.georef.no': 'Not pinned to GPS yet: photos and points show only where they were placed on the plan.',
  'plan.mode.view': 'View only',
  'plan.mode.place': 'Place a point',
  'plan.mode.cp': 'Set GPS control points',
  'plan.tools': 'Plan tools',
  'plan.place.point': 'Point to place',
  'plan.place.hint': 'Tap the plan where this point is.',
  'plan.place.done': 'Placed “{name}” on the plan.',
  'plan.cp.intro':
    'Find two spots you can recognise both on the plan and on site (a building corner, a manhole), tap each on the plan and enter its GPS position. The further apart, the better.',
  'plan.cp.n': 'Control point {n}',
  'plan.cp.pick': 'Tap its spot on the plan',
  'plan.cp.picking': 'Tap the plan where control point {n} is.',
  'plan.cp.at': 'On the plan: {x}, {y}',
  'plan.cp.notYet': 'Not tapped on the plan yet.',
  'plan.cp.here': 'Use my current position',
  'plan.cp.locating': 'Locating…',
  'plan.cp.noFix': 'Could not get a position from the phone. Try outdoors, or type the coordinates.',
  'plan.cp.save': 'Save control points',
  'plan.cp.saved': 'Control points saved: the plan is pinned to GPS.',
  'plan.cp.incomplete': 'Tap both control points on the plan and fill in latitude (-90 to 90) and longitude (-180 to 180).',
  'plan.cp.same': 'The two control points must be different places; choose two spots far apart.',
  'plan.pin.photo': 'Photo: {caption}',
  'plan.pin.issue': 'Complaint: {text}',
  'plan.issues': 'Open complaints on the plan ({n})',
  'plan.pin.cp': 'Control point {n}',
  'plan.pin.here': 'Photo position',
  'plan.notOnPlan': 'Points not on the plan: {names}',
  'plan.zoomIn': 'Zoom in',
  'plan.zoomOut': 'Zoom out',
  'photo.loc.tapPlan': 'Tap the plan where the photo was taken.',
  'photo.loc.noGeorefPlan': 'The site plan is not pinned to GPS yet, so photo positions cannot be set on it.',
};

export const messages = catalog(zh, en);
/** This feature's texts and the shared vocabulary. */
export const t = translator(messages, vocabulary);
/** The same translator under the name this feature's files have long used. */
export const tp = t;
export { formatTime };
/** Every key this module's t() accepts. */
export type MessageKey = Parameters<typeof t>[0];
