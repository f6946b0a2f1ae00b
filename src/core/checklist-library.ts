/**
 * Templates Sitewatch ships, in Chinese and English, for the works
 * of the seed report (Ningbo, rain/sewage separation, ground-floor and garage
 * retrofits). Staff copy one into their work and adapt it. Each is written once
 * with both languages side by side, so the two cannot drift apart.
 * Figures: GB 12523-2011 site-boundary noise (day 70 dB(A)); sewer cover depth
 * ≥ 0.7 m under roads; DN300 sewer slope ≥ 3 ‰; ramps ≤ 1:12.
 */
import type { CheckValue, Item, TemplateBody } from './checklist';
import type { IssueCategory, Severity, WorkKind } from './domain';

type L = readonly [zh: string, en: string];

interface Common {
  id: string;
  label: L;
  hint?: L;
  required?: boolean;
  showIf?: { itemId: string; equals: CheckValue | string };
  raises?: IssueCategory;
  severity?: Severity;
}
type Def =
  | (Common & { kind: 'check' | 'text' })
  | (Common & { kind: 'number'; unit: L; min: number; max: number; passMin?: number; passMax?: number })
  | (Common & { kind: 'choice'; options: Array<[string, L]>; fail?: string[] })
  | (Common & { kind: 'photo'; minPhotos: number });

interface SectionDef {
  id: string;
  title: L;
  items: Def[];
}

export interface ShippedTemplate {
  /** Stable id of the shipped template (kept as `basedOn` in copies). */
  key: string;
  workKinds: readonly WorkKind[];
  title: L;
  sections: SectionDef[];
}

const YES_NO: Array<[string, L]> = [
  ['yes', ['是', 'Yes']],
  ['no', ['否', 'No']],
];

export const SHIPPED_TEMPLATES: readonly ShippedTemplate[] = [
  {
    key: 'lib-before-excavation',
    workKinds: ['drainage', 'greening', 'parking'],
    title: ['开挖前记录', 'Before excavation'],
    sections: [
      {
        id: 'road',
        title: ['道路与绿化现状', 'Road and greenery as they are'],
        items: [
          {
            id: 'road-photos',
            kind: 'photo',
            minPhotos: 2,
            required: true,
            label: ['道路全貌（两个方向各一张）', 'Whole road, one photo from each direction'],
            hint: ['站在路中间，先朝一头拍，再转身拍另一头。', 'Stand mid-road; shoot one way, then turn round.'],
          },
          {
            id: 'green-photos',
            kind: 'photo',
            minPhotos: 2,
            required: true,
            label: ['两侧绿化带和树木', 'Greenery and trees on both sides'],
            hint: ['拍清楚树种、灌木边界和草坪范围，恢复时要对照。', 'Show species, hedge edges and lawn extent: restoration is checked against these.'],
          },
          {
            id: 'paving',
            kind: 'choice',
            required: true,
            label: ['路面材料', 'Road surface'],
            options: [
              ['asphalt', ['沥青', 'Asphalt']],
              ['concrete', ['水泥', 'Concrete']],
              ['pavers', ['透水砖', 'Permeable pavers']],
              ['slabs', ['石板', 'Stone slabs']],
            ],
          },
          {
            id: 'trees',
            kind: 'number',
            required: true,
            unit: ['棵', 'trees'],
            min: 0,
            max: 200,
            label: ['沟槽两侧 3 米内的树木', 'Trees within 3 m of the trench line'],
          },
          {
            id: 'trees-tagged',
            kind: 'check',
            raises: 'greenery',
            label: ['树木已挂牌编号，保护或移栽方案已交底', 'Trees tagged, protection or transplanting agreed'],
          },
        ],
      },
      {
        id: 'pipes',
        title: ['地下管线', 'Underground lines'],
        items: [
          {
            id: 'lines-marked',
            kind: 'check',
            required: true,
            raises: 'safety',
            severity: 'high',
            label: ['燃气、自来水、电力、通信管线已在地面标出', 'Gas, water, power and telecom lines marked on the ground'],
            hint: ['没有标出就开挖，容易挖断燃气管。', 'Digging without marks risks hitting the gas main.'],
          },
          {
            id: 'lines-photo',
            kind: 'photo',
            minPhotos: 1,
            showIf: { itemId: 'lines-marked', equals: 'pass' },
            label: ['地面管线标记照片', 'Photo of the line markings'],
          },
          { id: 'manholes', kind: 'number', unit: ['个', 'chambers'], min: 0, max: 100, label: ['现有检查井数量', 'Existing inspection chambers'] },
          {
            id: 'notice',
            kind: 'check',
            raises: 'other',
            label: ['施工公告已在楼道口和小区门口张贴（含工期、联系人、电话）', 'Notice posted at entrances and the gate (dates, contact, phone)'],
          },
          {
            id: 'fixtures',
            kind: 'text',
            label: ['其他要恢复原样的设施', 'Other fixtures to restore as they were'],
            hint: ['座椅、路灯、晾衣架、信报箱等', 'Benches, lamps, drying racks, letter boxes…'],
          },
        ],
      },
    ],
  },
  {
    key: 'lib-pipe-laying',
    workKinds: ['drainage'],
    title: ['雨污管道铺设', 'Rain and sewage pipe laying'],
    sections: [
      {
        id: 'today',
        title: ['今天的铺设', "Today's laying"],
        items: [
          { id: 'laid-today', kind: 'choice', required: true, label: ['今天有没有铺设管道', 'Were pipes laid today'], options: YES_NO },
          {
            id: 'line',
            kind: 'choice',
            required: true,
            showIf: { itemId: 'laid-today', equals: 'yes' },
            label: ['管线类别', 'Line'],
            options: [
              ['rain', ['雨水管', 'Rainwater']],
              ['sewage', ['污水管', 'Sewage']],
            ],
          },
          {
            id: 'diameter',
            kind: 'choice',
            showIf: { itemId: 'laid-today', equals: 'yes' },
            label: ['管径', 'Pipe size'],
            options: [
              ['dn200', ['DN200', 'DN200']],
              ['dn300', ['DN300', 'DN300']],
              ['dn400', ['DN400', 'DN400']],
              ['dn500', ['DN500 及以上', 'DN500 or larger']],
            ],
          },
          {
            id: 'depth',
            kind: 'number',
            required: true,
            showIf: { itemId: 'laid-today', equals: 'yes' },
            unit: ['米', 'm'],
            min: 0,
            max: 10,
            passMin: 0.7,
            raises: 'safety',
            label: ['管顶覆土深度', 'Cover depth above the pipe'],
            hint: ['车行道下一般不小于 0.7 米。', 'Under roads usually at least 0.7 m.'],
          },
          {
            id: 'slope',
            kind: 'number',
            required: true,
            showIf: { itemId: 'laid-today', equals: 'yes' },
            unit: ['‰', '‰'],
            min: 0,
            max: 50,
            passMin: 3,
            raises: 'sewage',
            label: ['坡度（千分比）', 'Slope (per mille)'],
            hint: ['DN300 污水管不小于 3‰，看施工员的水准测量。', 'DN300 sewers need at least 3 ‰: ask for the level reading.'],
          },
          {
            id: 'laying-photos',
            kind: 'photo',
            minPhotos: 2,
            // Asked only when pipes were laid today, and then the photos are the record of it: "at least 2" meant
            // nothing while the item could be sent with none.
            required: true,
            showIf: { itemId: 'laid-today', equals: 'yes' },
            label: ['铺设过程照片', 'Photos of the laying'],
          },
        ],
      },
      {
        id: 'quality',
        title: ['接口、分流与回填', 'Joints, separation and backfill'],
        items: [
          { id: 'bedding', kind: 'check', label: ['管底砂石垫层已铺平（不少于 10 厘米）', 'Sand or gravel bed levelled under the pipe (at least 10 cm)'] },
          {
            id: 'joints',
            kind: 'check',
            required: true,
            raises: 'sewage',
            label: ['接口密封：橡胶圈到位，无错口、无渗漏', 'Joints sealed: rings seated, no offset, no seepage'],
          },
          {
            id: 'separation',
            kind: 'check',
            required: true,
            raises: 'sewage',
            severity: 'high',
            label: ['雨污分开：阳台、厨房污水没有接进雨水管', 'Separated: no balcony or kitchen waste into the rain line'],
          },
          { id: 'separation-photo', kind: 'photo', minPhotos: 1, label: ['接户点照片', 'Photo of the house connections'] },
          {
            id: 'backfill',
            kind: 'choice',
            raises: 'safety',
            label: ['回填材料', 'Backfill material'],
            options: [
              ['sand', ['中粗砂', 'Sand']],
              ['gravel', ['级配碎石', 'Graded gravel']],
              ['soil', ['原土直接回填', 'Excavated soil as is']],
              ['rubble', ['混有建筑垃圾', 'Mixed with rubble']],
            ],
            fail: ['soil', 'rubble'],
          },
          {
            id: 'compaction',
            kind: 'check',
            raises: 'safety',
            label: ['分层回填压实（每层不超过 30 厘米）', 'Backfilled and compacted in layers (30 cm at most)'],
          },
          {
            id: 'trench-guard',
            kind: 'check',
            required: true,
            raises: 'safety',
            severity: 'high',
            label: ['开着的沟槽有围挡和夜间警示灯', 'Open trench fenced, with warning lights at night'],
          },
        ],
      },
    ],
  },
  {
    key: 'lib-site-order',
    workKinds: ['drainage', 'renovation', 'garage', 'greening', 'parking', 'other'],
    title: ['噪音与文明施工', 'Noise and site order'],
    sections: [
      {
        id: 'hours',
        title: ['作业时间与噪音', 'Working hours and noise'],
        items: [
          {
            id: 'start-hour',
            kind: 'number',
            required: true,
            unit: ['点', "o'clock"],
            min: 0,
            max: 24,
            passMin: 7,
            raises: 'noise',
            label: ['今天最早开工时间', 'Earliest start today'],
            hint: ['小区约定 7:00 以后开工；写成小时，例如 6.5 表示 6:30。', 'Agreed: not before 7:00. Hours, e.g. 6.5 for 6:30.'],
          },
          {
            id: 'end-hour',
            kind: 'number',
            required: true,
            unit: ['点', "o'clock"],
            min: 0,
            max: 24,
            passMax: 20,
            raises: 'noise',
            label: ['今天最晚收工时间', 'Latest finish today'],
            hint: ['小区约定 20:00 前收工，22:00 后禁止施工。', 'Agreed: stop by 20:00; no work after 22:00.'],
          },
          {
            id: 'noise-db',
            kind: 'number',
            unit: ['分贝', 'dB(A)'],
            min: 30,
            max: 130,
            passMax: 70,
            raises: 'noise',
            label: ['施工边界噪声（有测量仪时）', 'Noise at the site boundary (with a meter)'],
            hint: ['白天不超过 70 分贝，夜间不超过 55 分贝。', 'Day limit 70 dB(A), night 55 dB(A).'],
          },
        ],
      },
      {
        id: 'order',
        title: ['扬尘、围挡与通行', 'Dust, fencing and access'],
        items: [
          {
            id: 'dust-cover',
            kind: 'check',
            required: true,
            raises: 'dust',
            label: ['土方和裸露地面全部盖了防尘网', 'Spoil and bare ground covered with dust nets'],
          },
          { id: 'spraying', kind: 'check', raises: 'dust', label: ['干燥天气有洒水降尘', 'Water spraying in dry weather'] },
          { id: 'trucks', kind: 'check', raises: 'dust', label: ['渣土车出场冲洗，没有带泥上路', 'Trucks washed on leaving, no mud on the road'] },
          {
            id: 'fencing',
            kind: 'check',
            required: true,
            raises: 'safety',
            label: ['沟槽和材料堆场连续围挡（高度不低于 1.8 米）', 'Trench and storage fenced without gaps (at least 1.8 m high)'],
          },
          {
            id: 'access',
            kind: 'check',
            required: true,
            raises: 'access',
            severity: 'high',
            label: ['每个楼道口都留有通道', 'Every building entrance kept reachable'],
          },
          {
            id: 'access-width',
            kind: 'number',
            showIf: { itemId: 'access', equals: 'pass' },
            unit: ['米', 'm'],
            min: 0,
            max: 10,
            passMin: 1.2,
            raises: 'access',
            label: ['最窄处通道宽度', 'Narrowest passage width'],
            hint: ['轮椅和担架至少要 1.2 米。', 'Wheelchairs and stretchers need 1.2 m.'],
          },
          { id: 'order-photo', kind: 'photo', minPhotos: 1, label: ['现场照片', 'Photo of the site'] },
          { id: 'residents', kind: 'text', label: ['居民当场反映的情况', 'What residents said on the spot'] },
        ],
      },
    ],
  },
  {
    key: 'lib-restoration',
    workKinds: ['drainage', 'greening', 'parking'],
    title: ['绿化与道路恢复验收', 'Greenery and road restoration acceptance'],
    sections: [
      {
        id: 'road',
        title: ['道路', 'Road'],
        items: [
          {
            id: 'compared',
            kind: 'check',
            required: true,
            label: ['已对照开挖前照片逐段核对', 'Checked section by section against the "before" photos'],
            hint: ['在点位页面看“施工前”照片。', 'See the point\'s "before" photos.'],
          },
          {
            id: 'paving-same',
            kind: 'check',
            required: true,
            raises: 'greenery',
            label: ['路面材料和颜色与原来一致', 'Surface material and colour as before'],
          },
          {
            id: 'step',
            kind: 'number',
            unit: ['毫米', 'mm'],
            min: 0,
            max: 200,
            passMax: 5,
            raises: 'safety',
            label: ['新旧路面接缝最大高差', 'Largest step at the new/old seam'],
          },
          { id: 'covers', kind: 'check', raises: 'safety', label: ['井盖与路面齐平、不松动', 'Manhole covers flush and firm'] },
          { id: 'kerbs', kind: 'check', label: ['路缘石恢复、无破损', 'Kerbs restored, unbroken'] },
        ],
      },
      {
        id: 'green',
        title: ['绿化', 'Greenery'],
        items: [
          {
            id: 'trees',
            kind: 'choice',
            required: true,
            raises: 'greenery',
            label: ['树木情况', 'Trees'],
            options: [
              ['kept', ['原树保留', 'Original trees kept']],
              ['replanted', ['移栽后种回', 'Replanted']],
              ['replaced', ['补种同品种', 'Replaced, same species']],
              ['missing', ['有缺失', 'Some missing']],
            ],
            fail: ['missing'],
          },
          {
            id: 'cover',
            kind: 'number',
            required: true,
            unit: ['%', '%'],
            min: 0,
            max: 100,
            passMin: 90,
            raises: 'greenery',
            label: ['绿化覆盖恢复比例', 'Green cover restored'],
          },
          {
            id: 'after-photos',
            kind: 'photo',
            minPhotos: 2,
            required: true,
            label: ['恢复后照片（与开挖前同一角度）', 'Photos after, from the same spots as before'],
          },
          { id: 'sign-off', kind: 'check', label: ['楼栋长或居民代表已签字确认', "Building head or residents' representative signed off"] },
        ],
      },
    ],
  },
  {
    key: 'lib-ground-floor-handover',
    workKinds: ['renovation'],
    title: ['架空层改造交付', 'Ground-floor space handover'],
    sections: [
      {
        id: 'safety',
        title: ['安全', 'Safety'],
        items: [
          { id: 'area', kind: 'number', unit: ['平方米', 'm²'], min: 0, max: 5000, label: ['交付面积', 'Area handed over'] },
          { id: 'exits', kind: 'check', required: true, raises: 'safety', severity: 'high', label: ['安全出口畅通、标识清楚', 'Exits clear and signed'] },
          { id: 'wiring', kind: 'check', required: true, raises: 'safety', severity: 'high', label: ['插座、电线没有裸露', 'No exposed wiring or sockets'] },
          {
            id: 'extinguishers',
            kind: 'number',
            required: true,
            unit: ['具', 'units'],
            min: 0,
            max: 50,
            passMin: 2,
            raises: 'safety',
            label: ['灭火器数量', 'Fire extinguishers'],
          },
          { id: 'floor', kind: 'check', raises: 'safety', label: ['地面平整防滑', 'Floor level and non-slip'] },
          { id: 'lights', kind: 'check', raises: 'safety', label: ['照明全部正常', 'All lights work'] },
        ],
      },
      {
        id: 'use',
        title: ['使用', 'Use'],
        items: [
          { id: 'ramp', kind: 'check', raises: 'access', label: ['无障碍坡道（坡度不大于 1:12）和扶手', 'Step-free ramp (1:12 at most) with handrail'] },
          {
            id: 'furniture',
            kind: 'choice',
            raises: 'other',
            label: ['座椅和设施', 'Seating and fittings'],
            options: [
              ['complete', ['全部到位', 'All in place']],
              ['partial', ['部分缺少', 'Some missing']],
              ['none', ['没有安装', 'Not installed']],
            ],
            fail: ['partial', 'none'],
          },
          { id: 'leaks', kind: 'check', raises: 'other', label: ['顶板和墙面没有渗漏', 'No leaks in ceiling or walls'] },
          { id: 'rules', kind: 'check', label: ['使用管理公约已张贴', 'House rules posted'] },
          { id: 'handover-photos', kind: 'photo', minPhotos: 3, required: true, label: ['交付照片', 'Handover photos'] },
          { id: 'remarks', kind: 'text', label: ['其他意见', 'Other remarks'] },
        ],
      },
    ],
  },
  {
    key: 'lib-garage-drainage',
    workKinds: ['garage'],
    title: ['地下车库排水', 'Underground garage drainage'],
    sections: [
      {
        id: 'pumps',
        title: ['水泵', 'Pumps'],
        items: [
          {
            id: 'pumps-running',
            kind: 'number',
            required: true,
            unit: ['台', 'pumps'],
            min: 0,
            max: 20,
            label: ['正常运行的排水泵', 'Drainage pumps working'],
          },
          {
            id: 'pump-test',
            kind: 'check',
            required: true,
            raises: 'safety',
            severity: 'high',
            label: ['试泵：水位升高自动启动、降低自动停止', 'Test: pumps start and stop by water level'],
          },
          { id: 'backup-power', kind: 'check', raises: 'safety', label: ['备用电源切换正常', 'Backup power switches over'] },
          { id: 'alarm', kind: 'check', raises: 'safety', label: ['高水位报警器测试正常', 'High-water alarm tested'] },
        ],
      },
      {
        id: 'channels',
        title: ['排水沟与挡水', 'Channels and flood barriers'],
        items: [
          {
            id: 'channels-clear',
            kind: 'check',
            required: true,
            raises: 'sewage',
            label: ['截水沟、集水坑已清淤、不堵', 'Channels and sumps cleared, flowing'],
          },
          { id: 'gratings', kind: 'check', raises: 'safety', label: ['沟盖板齐全、不松动', 'Gratings complete and firm'] },
          { id: 'outlet', kind: 'check', raises: 'sewage', label: ['排出口接入雨水管网（不是污水管）', 'Outlet goes to the rain network (not the sewer)'] },
          {
            id: 'barrier',
            kind: 'choice',
            required: true,
            raises: 'safety',
            severity: 'high',
            label: ['车库入口挡水设施', 'Flood barrier at the ramp'],
            options: [
              ['boards', ['挡水板已就位', 'Boards in place']],
              ['sandbags', ['沙袋备用', 'Sandbags ready']],
              ['none', ['没有', 'None']],
            ],
            fail: ['none'],
          },
          {
            id: 'barrier-height',
            kind: 'number',
            showIf: { itemId: 'barrier', equals: 'boards' },
            unit: ['厘米', 'cm'],
            min: 0,
            max: 200,
            passMin: 50,
            raises: 'safety',
            label: ['挡水板高度', 'Barrier height'],
          },
          {
            id: 'ponding',
            kind: 'number',
            unit: ['厘米', 'cm'],
            min: 0,
            max: 200,
            passMax: 5,
            raises: 'sewage',
            label: ['坡道底部积水深度', 'Standing water at the foot of the ramp'],
          },
          { id: 'garage-photos', kind: 'photo', minPhotos: 2, label: ['集水坑和入口照片', 'Photos of sump and ramp'] },
          { id: 'last-storm', kind: 'text', label: ['最近一次大雨时的情况', 'What happened in the last heavy rain'] },
        ],
      },
    ],
  },
];

function toItem(d: Def, lang: 0 | 1): Item {
  const common = {
    id: d.id,
    label: d.label[lang],
    required: d.required ?? false,
    ...(d.hint ? { hint: d.hint[lang] } : {}),
    ...(d.showIf ? { showIf: d.showIf } : {}),
    ...(d.raises ? { raisesIssue: true, issueCategory: d.raises, issueSeverity: d.severity ?? 'medium' } : {}),
  };
  switch (d.kind) {
    case 'check':
    case 'text':
      return { ...common, kind: d.kind };
    case 'number':
      return { ...common, kind: 'number', unit: d.unit[lang], min: d.min, max: d.max, passMin: d.passMin ?? null, passMax: d.passMax ?? null };
    case 'choice':
      return { ...common, kind: 'choice', options: d.options.map(([id, l]) => ({ id, label: l[lang] })), ...(d.fail ? { failOptions: d.fail } : {}) };
    case 'photo':
      return { ...common, kind: 'photo', minPhotos: d.minPhotos };
  }
}

/** A shipped template as a template body in one language, ready to copy into a work. */
export function shippedBody(t: ShippedTemplate, lang: 'zh-CN' | 'en'): TemplateBody {
  const l = lang === 'zh-CN' ? 0 : 1;
  return { title: t.title[l], lang, sections: t.sections.map((s) => ({ id: s.id, title: s.title[l], items: s.items.map((d) => toItem(d, l)) })) };
}
