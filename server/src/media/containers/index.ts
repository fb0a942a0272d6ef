export { planJpegStrip } from './jpeg';
export { planPngStrip } from './png';
export { planWebpStrip } from './webp';
export { planIsoStrip, UnsupportedHeifLayoutError } from './isobmff';
export { planTiffStrip } from './tiff';
