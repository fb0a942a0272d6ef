import path from 'node:path';
import type { Tensor } from '@tensorflow/tfjs';
import type { Logger } from 'pino';
import { lazyModel, loadGraphModelFromFiles, loadTfjs } from '../tfjs';
import type { Tagger } from '../types';
import { COCO_LABELS } from './cocoLabels';
import { squashedRgb } from './squashedRgb';

/** Side of the square input of MB3-CenterNet. */
const INPUT_SIZE = 512;
/** Detections below this score are noise on this model (human's own default is 0.2). */
export const MIN_LABEL_SCORE = 0.3;

/** Folder of the models shipped in the @vladmandic/human package. */
export function humanModelsDir(): string {
  return path.resolve(path.dirname(require.resolve('@vladmandic/human')), '..', 'models');
}

/**
 * What is in the picture: COCO object detection with MB3-CenterNet (TensorFlow.js graph model
 * shipped in @vladmandic/human, 4 MB) on the wasm backend. Each class found becomes a tag whose
 * confidence is its best detection score. Inputs are squashed to 512×512, as the model was trained.
 */
export function createLabelsTagger(options: { logger?: Logger; minScore?: number } = {}): Tagger {
  const minScore = options.minScore ?? MIN_LABEL_SCORE;
  const model = lazyModel('centernet', options.logger, () =>
    loadGraphModelFromFiles(path.join(humanModelsDir(), 'centernet.json')),
  );
  return {
    name: 'labels',
    version: 1,
    async tag({ bytes }) {
      const [graph, tf] = await Promise.all([model(), loadTfjs()]);
      const pixels = await squashedRgb(bytes, INPUT_SIZE);
      const input = tf.tidy(() =>
        tf.tensor3d(pixels, [INPUT_SIZE, INPUT_SIZE, 3], 'int32').toFloat().expandDims(0),
      );
      let detections: number[][][];
      try {
        const output = graph.execute(input, ['tower_0/detections']) as Tensor;
        try {
          detections = (await output.array()) as number[][][];
        } finally {
          output.dispose();
        }
      } finally {
        input.dispose();
      }
      // Rows are [x1, y1, x2, y2, score, class]; keep the best score per class.
      const best = new Map<string, number>();
      for (const [, , , , score, cls] of detections[0] ?? []) {
        const label = COCO_LABELS[cls ?? -1];
        if (label === undefined || score === undefined || !(score >= minScore)) continue;
        best.set(label, Math.max(best.get(label) ?? 0, score));
      }
      return {
        tags: [...best].map(([name, score]) => ({
          name,
          confidence: Math.round(Math.min(1, score) * 1000) / 1000,
        })),
      };
    },
  };
}
