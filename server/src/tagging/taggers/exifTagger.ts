import { MAX_TAG_NAME_LENGTH } from '../../db';
import type { Tagger } from '../types';

/** Camera make and model, lens, year taken and `has-location`, from the EXIF summary read at upload. */
export function createExifTagger(): Tagger {
  return {
    name: 'exif',
    version: 1,
    async tag({ image }) {
      const exif = image.exif;
      const names: string[] = [];
      if (exif) {
        const add = (prefix: string, value: string | undefined) => {
          const clean = value?.replace(/\s+/g, ' ').trim().toLowerCase();
          if (clean) names.push(`${prefix}:${clean}`.slice(0, MAX_TAG_NAME_LENGTH));
        };
        add('make', exif.make);
        add('model', exif.model);
        add('lens', exif.lens);
        const year = exif.takenAt ? /^(\d{4})-/.exec(exif.takenAt)?.[1] : undefined;
        add('year', year);
        if (exif.gps) names.push('has-location');
      }
      return { tags: names.map((name) => ({ name, confidence: 1 })) };
    },
  };
}
