export { TiffReader } from './TiffReader';
export { planTiffEdits } from './planTiffEdits';
export { editExifBlock, buildOrientationExif, type ExifBlockAction } from './editExifBlock';
export { MalformedTiffError, TAG } from './types';
