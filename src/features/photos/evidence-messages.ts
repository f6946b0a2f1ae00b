/** The watermark band of evidence photos (EvidencePhoto.tsx): what each part of it says. */
import { catalog, translator } from '../../i18n';
import { vocabulary } from '../../i18n/vocabulary';

const zh = {
  'evidence.label': '照片水印',
  'evidence.time': '{time}（北京时间）',
  'evidence.noPlace': '位置未知',
  'evidence.coords': '{lat}, {lng}（WGS-84，{source}）',
  'evidence.source.device': '手机定位',
  'evidence.source.exif': '照片文件',
  'evidence.source.plan': '平面图标注',
  'evidence.source.manual': '手动输入',
  'evidence.source.point': '点位坐标',
  'evidence.hash': 'SHA-256 {hash}',
  'evidence.drawing': '照片上的标注，{n} 处。{texts}',
  'evidence.heading': '朝{dir}（{deg}°）',
  'evidence.viewerHeading': '拍摄朝向：{heading}',
  'evidence.noHeading': '没有拍摄朝向（手机没有提供）',
  'compass.0': '北',
  'compass.1': '东北',
  'compass.2': '东',
  'compass.3': '东南',
  'compass.4': '南',
  'compass.5': '西南',
  'compass.6': '西',
  'compass.7': '西北',
};

const en: Record<keyof typeof zh, string> = {
  'evidence.label': 'Photo watermark',
  'evidence.time': '{time} (China time)',
  'evidence.noPlace': 'position unknown',
  'evidence.coords': '{lat}, {lng} (WGS-84, {source})',
  'evidence.source.device': 'phone GPS',
  'evidence.source.exif': 'photo file',
  'evidence.source.plan': 'placed on the plan',
  'evidence.source.manual': 'typed',
  'evidence.source.point': "the point's position",
  'evidence.hash': 'SHA-256 {hash}',
  'evidence.drawing': 'Drawing on the photo, {n} marks. {texts}',
  'evidence.heading': 'facing {dir} ({deg}°)',
  'evidence.viewerHeading': 'Camera direction: {heading}',
  'evidence.noHeading': 'No camera direction (the phone gave none)',
  'compass.0': 'north',
  'compass.1': 'north-east',
  'compass.2': 'east',
  'compass.3': 'south-east',
  'compass.4': 'south',
  'compass.5': 'south-west',
  'compass.6': 'west',
  'compass.7': 'north-west',
};

export const t = translator(catalog(zh, en), vocabulary);
