// What other features may use of plans; the rest of this folder is its own.
// Imported lazily where the map is not on the first screen (leaflet is large).
export { type Pin, PlanMap } from './PlanMap';
export { PlanPicker } from './PlanPicker';
export { createPlanImage } from './plan-image';
export { loadedPointPins, pinPointId, pointPinKey, pointPins } from './plan-pins';
