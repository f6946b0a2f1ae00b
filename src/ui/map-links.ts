/**
 * "Open in map app" links for a stored (WGS-84) position, each in the coordinates that app expects:
 * 高德 takes GCJ-02, 百度 BD-09 (told so with coord_type), Apple Maps shows China on GCJ-02 data.
 * Links, not SDKs: they open the app when installed and the web map otherwise, and load nothing here.
 */
import { type LatLng, fromWgs84 } from '../core/coords';

export interface MapLink {
  app: 'amap' | 'baidu' | 'apple';
  href: string;
}

const fixed = (n: number) => n.toFixed(6);

export function mapLinks(wgs: LatLng, name: string): MapLink[] {
  const gcj = fromWgs84(wgs, 'gcj02');
  const bd = fromWgs84(wgs, 'bd09');
  const label = encodeURIComponent(name);
  return [
    { app: 'amap', href: `https://uri.amap.com/marker?position=${fixed(gcj.lng)},${fixed(gcj.lat)}&name=${label}&coordinate=gaode&callnative=1` },
    {
      app: 'baidu',
      href: `https://api.map.baidu.com/marker?location=${fixed(bd.lat)},${fixed(bd.lng)}&title=${label}&content=${label}&coord_type=bd09ll&output=html&src=webapp.sitewatch`,
    },
    { app: 'apple', href: `https://maps.apple.com/?ll=${fixed(gcj.lat)},${fixed(gcj.lng)}&q=${label}` },
  ];
}
