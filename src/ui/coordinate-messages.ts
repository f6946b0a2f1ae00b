/**
 * Texts of the coordinate fields and map links (src/ui/CoordinateFields.tsx, src/ui/map-links.ts), used by
 * the pages that take or show a position. Both languages inline: they load with those pages, not the shell.
 */
import { catalog, translator } from '../i18n';

const zh = {
  'coord.lat': '纬度',
  'coord.lng': '经度',
  'coord.system': '坐标来自',
  'coord.system.wgs84': '手机 GPS / 奥维等（WGS-84）',
  'coord.system.gcj02': '高德、腾讯地图（GCJ-02）',
  'coord.system.bd09': '百度地图（BD-09）',
  'coord.hint': '从地图应用复制的坐标请选对来源：高德、腾讯和百度的坐标与 GPS 相差几十到几百米，保存时会换算成 GPS 坐标。可以把“经度,纬度”整段粘贴到纬度框里。',
  'coord.converted': '将保存为 GPS 坐标：{lat}, {lng}（换算偏移约 {m} 米）',
  'coord.far': '这个位置离您手机现在的定位有 {km} 公里。请确认坐标来源选对了、经纬度没有填反。确认无误请再点一次保存。',
  'map.open': '在地图应用中打开',
  'map.amap': '高德地图',
  'map.baidu': '百度地图',
  'map.apple': '苹果地图',
};

const en: Record<keyof typeof zh, string> = {
  'coord.lat': 'Latitude',
  'coord.lng': 'Longitude',
  'coord.system': 'Coordinates from',
  'coord.system.wgs84': 'Phone GPS and most apps (WGS-84)',
  'coord.system.gcj02': 'Amap (Gaode) or Tencent Maps (GCJ-02)',
  'coord.system.bd09': 'Baidu Maps (BD-09)',
  'coord.hint':
    'Choose where copied coordinates come from: Amap, Tencent and Baidu coordinates are tens to hundreds of metres off GPS inside China, and are converted to GPS when saved. You can paste "longitude,latitude" as one piece into the latitude box.',
  'coord.converted': 'Will be saved as GPS coordinates: {lat}, {lng} (shifted by about {m} m)',
  'coord.far':
    'This position is {km} km from where your phone is now. Check that the source is right and latitude and longitude are not swapped. If it is right, tap save again.',
  'map.open': 'Open in a map app',
  'map.amap': 'Amap (Gaode)',
  'map.baidu': 'Baidu Maps',
  'map.apple': 'Apple Maps',
};

export const messages = catalog(zh, en);
export const t = translator(messages);
